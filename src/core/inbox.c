/* inbox.c: the attachment inbox. Over SSH a clerk cannot name a file on
 * the desk machine they have never seen; a scanner or a phone drops files
 * into one folder, and the counter's form offers them, newest first, with
 * size and type (sniffed from the bytes, as the store will). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "zila/blob.h"
#include "zila/util.h"

struct entry {
	char *name;
	struct stat st;
};

static int
newest_first(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->st.st_mtime != y->st.st_mtime)
		return x->st.st_mtime > y->st.st_mtime ? -1 : 1;
	return strcmp(x->name, y->name);
}

enum zila_status
zila_blob_inbox(const char *dir, int max, json_t **files, struct zila_err *err)
{
	*files = NULL;
	if (max <= 0)
		max = 200;
	DIR *d = opendir(dir);
	if (!d)
		return zila_fail(err, ZILA_EIO, "attachment inbox %s cannot be read: %s", dir, strerror(errno));
	size_t n = 0, cap = 64;
	struct entry *v = zila_xmalloc(cap * sizeof *v);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !zila_utf8_check(e->d_name, false, NULL))
			continue;
		if (n == cap)
			v = zila_xrealloc(v, (cap *= 2) * sizeof *v);
		v[n].name = zila_xstrdup(e->d_name);
		v[n].st = st;
		n++;
	}
	closedir(d);
	qsort(v, n, sizeof *v, newest_first);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++) {
		char path[4096], when[32], mime[ZILA_BLOB_MIME_LEN] = "", kind[ZILA_BLOB_KIND_LEN] = "";
		snprintf(path, sizeof path, "%s/%s", dir, v[i].name);
		if ((int)json_array_size(out) < max) {
			unsigned char head[512];
			int fd = open(path, O_RDONLY | O_NOFOLLOW);
			ssize_t got = fd >= 0 ? read(fd, head, sizeof head) : -1;
			if (fd >= 0)
				close(fd);
			if (got >= 0) {
				zila_blob_sniff(head, (size_t)got, mime, kind);
				zila_iso_time(v[i].st.st_mtime, when, sizeof when);
				json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "path", path, "name",
					v[i].name, "size", (json_int_t)v[i].st.st_size, "modified", when, "mime", mime, "kind", kind));
			}
		}
		free(v[i].name);
	}
	free(v);
	*files = out;
	return ZILA_OK;
}
