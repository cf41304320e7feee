#!/bin/sh
# Adds extra CA certificates (for TLS-inspecting proxies) to the system trust store.
# Usage: install-certs.sh DIR
# Every *.crt / *.pem file in DIR may hold one certificate or a PEM bundle. Bundles are split
# into one file per certificate, and certificates already in the system store are skipped, so
# passing a whole host bundle (/etc/ssl/certs/ca-certificates.crt) only adds what is missing.
set -eu
SRC="${1:?directory}"
DEST=/usr/local/share/ca-certificates/remolt
SYSTEM=/etc/ssl/certs/ca-certificates.crt
mkdir -p "$DEST"
n=0
for f in "$SRC"/*.crt "$SRC"/*.pem; do
    [ -f "$f" ] || continue
    [ -s "$f" ] || continue
    tr -d '\r' <"$f" >"$DEST/.input"
    added="$(awk -v dest="$DEST" -v sys="$SYSTEM" -v start="$n" '
        BEGIN {
            # Remember every certificate body already trusted.
            while ((getline line < sys) > 0) {
                if (line ~ /-----BEGIN CERTIFICATE-----/) { body = ""; inb = 1; continue }
                if (line ~ /-----END CERTIFICATE-----/) { known[body] = 1; inb = 0; continue }
                if (inb) body = body line
            }
            k = start
        }
        /-----BEGIN CERTIFICATE-----/ { body = ""; pem = $0 "\n"; inb = 1; next }
        /-----END CERTIFICATE-----/ {
            if (inb) {
                pem = pem $0 "\n"; inb = 0
                if (!(body in known)) {
                    known[body] = 1; k++
                    out = sprintf("%s/extra-%03d.crt", dest, k)
                    printf "%s", pem > out; close(out)
                }
            }
            next
        }
        inb { body = body $0; pem = pem $0 "\n" }
        END { print k }
    ' "$DEST/.input")"
    echo "install-certs: $f: $((added - n)) new certificate(s)" >&2
    n="$added"
    rm -f "$DEST/.input"
done
update-ca-certificates >/dev/null 2>&1 || update-ca-certificates
echo "install-certs: $n extra certificate(s) trusted; system bundle $SYSTEM" >&2
