#!/bin/sh
# One-shot job in temporalio/admin-tools (compose service `temporal-setup`), run once the Temporal
# server is up: creates the namespace if it is missing, then registers the custom search attributes
# the workflows set (workflows/search-attributes.ts). Idempotent: what exists is left alone.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is required}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-720h}"
SEARCH_ATTRIBUTES="CampaignId CampaignPhase"

# retry DESCRIPTION COMMAND...: up to 30 tries, 2 s apart (the server's caches, a new namespace's
# included, take a few seconds to see a change).
retry() {
  what="$1"
  shift
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge 30 ]; then
      echo "temporal-setup: gave up: ${what}" >&2
      return 1
    fi
    echo "temporal-setup: waiting (${attempt}/30): ${what}"
    attempt=$((attempt + 1))
    sleep 2
  done
}

server_serving() {
  temporal operator cluster health --address "$ADDRESS" 2>/dev/null | grep -q SERVING
}

namespace_exists() {
  temporal operator namespace describe --namespace "$NAMESPACE" --address "$ADDRESS" >/dev/null 2>&1
}

attribute_registered() {
  temporal operator search-attribute list --namespace "$NAMESPACE" --address "$ADDRESS" 2>/dev/null | grep -qw "$1"
}

# A create that reached the server but failed to answer is not retried into "already exists".
create_namespace() {
  temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION" --address "$ADDRESS" \
    || namespace_exists
}

register_attribute() {
  temporal operator search-attribute create --namespace "$NAMESPACE" --name "$1" --type Keyword --address "$ADDRESS" \
    || attribute_registered "$1"
}

retry "Temporal at ${ADDRESS} to serve" server_serving

if namespace_exists; then
  echo "temporal-setup: namespace ${NAMESPACE} exists"
else
  echo "temporal-setup: creating namespace ${NAMESPACE} (retention ${RETENTION})"
  retry "create namespace ${NAMESPACE}" create_namespace
  retry "namespace ${NAMESPACE} to be visible" namespace_exists
fi

for name in $SEARCH_ATTRIBUTES; do
  if attribute_registered "$name"; then
    echo "temporal-setup: search attribute ${name} exists"
  else
    echo "temporal-setup: registering search attribute ${name} (Keyword)"
    retry "register ${name}" register_attribute "$name"
    retry "search attribute ${name} to be listed" attribute_registered "$name"
  fi
done

echo "temporal-setup: namespace ${NAMESPACE} ready with ${SEARCH_ATTRIBUTES}"
