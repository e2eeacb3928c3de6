#!/bin/sh
# sms-gateway-http.sh: an example message gateway for zilad that posts each
# message to an HTTP SMS service with curl. Adapt the form fields to your
# provider's API. zilad runs it as: sms-gateway-http.sh MOBILE, the message
# on stdin, with $ZILA_MOBILE, $ZILA_MESSAGE_ID and $ZILA_LANG set.
#
# Set in zilad's environment (e.g. the systemd unit's EnvironmentFile):
#   SMS_URL      the provider's send endpoint (https://...)
#   SMS_KEY      the account's API key
#   SMS_SENDER   the registered sender id (DLT header in India)
#   SMS_TEMPLATE the DLT template id, where the provider needs one
#
# $ZILA_MESSAGE_ID is sent as the client reference: zilad sends it again,
# unchanged, when it retries a message whose first attempt it could not see
# finish; a provider that refuses a reference it has seen keeps the citizen
# from getting it twice. Exit 0 only when the provider accepted the message:
# anything else makes zilad retry later with backoff.
set -eu
: "${SMS_URL:?set SMS_URL}" "${SMS_KEY:?set SMS_KEY}"
mobile=${1:?usage: $0 MOBILE < message}
text=$(cat)
unicode=0
[ "${ZILA_LANG:-hi}" = hi ] && unicode=1
exec curl --silent --show-error --fail --max-time 20 --retry 0 \
	-H "Authorization: Bearer $SMS_KEY" \
	--data-urlencode "to=91$mobile" \
	--data-urlencode "text=$text" \
	--data-urlencode "sender=${SMS_SENDER:-}" \
	--data-urlencode "template_id=${SMS_TEMPLATE:-}" \
	--data-urlencode "unicode=$unicode" \
	--data-urlencode "client_ref=${ZILA_MESSAGE_ID:?}" \
	"$SMS_URL"
