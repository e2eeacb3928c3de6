/* args.c: checking an action's JSON arguments. Every refusal names the
 * field, so the person (or the script) knows what to fix. */
#include <math.h>
#include <string.h>
#include "zila/action.h"
#include "zila/i18n.h"
#include "zila/util.h"

enum zila_status
zila_arg_known(struct zila_action_ctx *ctx, const char *const *keys)
{
	const char *key;
	json_t *v;
	json_object_foreach(ctx->args, key, v) {
		bool ok = false;
		for (const char *const *k = keys; *k; k++)
			if (strcmp(*k, key) == 0)
				ok = true;
		if (!ok)
			return zila_fail(ctx->err, ZILA_EINVAL, "%s: unknown field '%s'",
				zila_action_name(ctx->action), key);
	}
	return ZILA_OK;
}

static enum zila_status
get_string(struct zila_action_ctx *ctx, const char *key, int req, size_t maxchars, bool multiline, const char **out)
{
	json_t *v = json_object_get(ctx->args, key);
	size_t chars;
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (req)
			return zila_fail(ctx->err, ZILA_EINVAL, "%s is required", zila_field_word(key));
		return ZILA_OK;
	}
	if (!json_is_string(v))
		return zila_fail(ctx->err, ZILA_EINVAL, "%s must be text", zila_field_word(key));
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v) || !zila_utf8_check(s, multiline, &chars))
		return multiline ? zila_fail(ctx->err, ZILA_EINVAL, "%s contains characters that are not allowed", zila_field_word(key))
			: zila_fail(ctx->err, ZILA_EINVAL,
				"%s contains characters that are not allowed (one line of text, no control characters)", zila_field_word(key));
	if (chars > maxchars)
		return zila_fail(ctx->err, ZILA_EINVAL, "%s is too long: %zu characters, at most %zu", zila_field_word(key), chars, maxchars);
	bool blank = true;
	for (const char *p = s; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			blank = false;
	if (blank && req)
		return zila_fail(ctx->err, ZILA_EINVAL, "%s is required", zila_field_word(key));
	*out = s;
	return ZILA_OK;
}

enum zila_status
zila_arg_str(struct zila_action_ctx *ctx, const char *key, int req, size_t maxchars, const char **out)
{
	return get_string(ctx, key, req, maxchars, false, out);
}

enum zila_status
zila_arg_text(struct zila_action_ctx *ctx, const char *key, int req, size_t maxchars, const char **out)
{
	return get_string(ctx, key, req, maxchars, true, out);
}

enum zila_status
zila_arg_int(struct zila_action_ctx *ctx, const char *key, int req, long long min, long long max,
	long long *out, bool *present)
{
	json_t *v = json_object_get(ctx->args, key);
	if (present)
		*present = false;
	if (!v || json_is_null(v)) {
		if (req)
			return zila_fail(ctx->err, ZILA_EINVAL, "%s is required", zila_field_word(key));
		return ZILA_OK;
	}
	if (!json_is_integer(v))
		return zila_fail(ctx->err, ZILA_EINVAL, "%s must be a whole number", zila_field_word(key));
	long long n = json_integer_value(v);
	if (n < min || n > max)
		return zila_fail(ctx->err, ZILA_EINVAL, "%s must be between %lld and %lld", zila_field_word(key), min, max);
	*out = n;
	if (present)
		*present = true;
	return ZILA_OK;
}

enum zila_status
zila_arg_real(struct zila_action_ctx *ctx, const char *key, double min, double max, double *out, bool *present)
{
	json_t *v = json_object_get(ctx->args, key);
	*present = false;
	if (!v || json_is_null(v))
		return ZILA_OK;
	if (!json_is_number(v))
		return zila_fail(ctx->err, ZILA_EINVAL, "%s must be a number", zila_field_word(key));
	double d = json_number_value(v);
	if (!isfinite(d) || d < min || d > max)
		return zila_fail(ctx->err, ZILA_EINVAL, "%s must be between %g and %g", zila_field_word(key), min, max);
	*out = d;
	*present = true;
	return ZILA_OK;
}

enum zila_status
zila_arg_date(struct zila_action_ctx *ctx, const char *key, int req, const char **out)
{
	enum zila_status st = zila_arg_str(ctx, key, req, 10, out);
	if (st != ZILA_OK || !*out)
		return st;
	if (!zila_date_valid(*out))
		return zila_fail(ctx->err, ZILA_EINVAL, "%s must be a date as YYYY-MM-DD, not '%s'", zila_field_word(key), *out);
	return ZILA_OK;
}

enum zila_status
zila_arg_enum(struct zila_action_ctx *ctx, const char *key, int req, const char *const *values, const char **out)
{
	enum zila_status st = zila_arg_str(ctx, key, req, 64, out);
	if (st != ZILA_OK || !*out)
		return st;
	for (const char *const *v = values; *v; v++)
		if (strcmp(*v, *out) == 0)
			return ZILA_OK;
	char list[256] = "";
	for (const char *const *v = values; *v; v++) {
		size_t len = strlen(list);
		snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", *v);
	}
	return zila_fail(ctx->err, ZILA_EINVAL, "%s must be one of: %s", zila_field_word(key), list);
}

enum zila_status
zila_arg_bool(struct zila_action_ctx *ctx, const char *key, bool *out, bool *present)
{
	json_t *v = json_object_get(ctx->args, key);
	*present = false;
	if (!v || json_is_null(v))
		return ZILA_OK;
	if (!json_is_boolean(v))
		return zila_fail(ctx->err, ZILA_EINVAL, "%s must be true or false", zila_field_word(key));
	*out = json_is_true(v);
	*present = true;
	return ZILA_OK;
}
