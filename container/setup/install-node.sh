#!/bin/sh
# Installs Node.js and npm from the npm registry (not from apt: Debian bookworm ships Node 18).
#   node: the npm package node-linux-<arch> (the official Node binary, repackaged) -> /usr/local/bin/node
#   npm:  the npm package npm (self-contained tarball)                            -> /usr/local/lib/node_modules/npm
# Usage: install-node.sh NODE_VERSION NPM_VERSION [REGISTRY]
#   versions are a major ("22"), a major.minor ("22.11") or exact ("22.11.0"): the highest match wins.
# Needs curl, jq, tar, gzip, sha1sum. The registry is reached over https, so any TLS-inspecting proxy's
# CA must already be in the system store (setup/install-certs.sh runs first).
set -eu
NODE_VERSION="${1:?node version}"
NPM_VERSION="${2:?npm version}"
REGISTRY="${3:-https://registry.npmjs.org}"
REGISTRY="${REGISTRY%/}"
PREFIX=/usr/local
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

case "$(dpkg --print-architecture)" in
    amd64) NODE_ARCH=x64 ;;
    arm64) NODE_ARCH=arm64 ;;
    *) echo "install-node: unsupported architecture $(dpkg --print-architecture)" >&2; exit 1 ;;
esac

# fetch PACKAGE RANGE -> downloads and verifies the tarball to $TMP/PACKAGE.tgz, prints the version
fetch() {
    pkg="$1"; range="$2"
    curl -fsSL --retry 3 -H 'Accept: application/vnd.npm.install-v1+json' \
        "$REGISTRY/$pkg" -o "$TMP/$pkg.json"
    version="$(jq -r '.versions | keys[]' "$TMP/$pkg.json" \
        | grep -Ex "$(printf '%s' "$range" | sed 's/\./\\./g')(\.[0-9]+)*" \
        | grep -Ex '[0-9]+\.[0-9]+\.[0-9]+' | sort -V | tail -n 1)"
    if [ -z "$version" ]; then
        echo "install-node: no version of $pkg matches $range in $REGISTRY" >&2; exit 1
    fi
    url="$(jq -r --arg v "$version" '.versions[$v].dist.tarball' "$TMP/$pkg.json")"
    sha="$(jq -r --arg v "$version" '.versions[$v].dist.shasum' "$TMP/$pkg.json")"
    echo "install-node: $pkg@$version from $url" >&2
    curl -fsSL --retry 3 "$url" -o "$TMP/$pkg.tgz"
    echo "$sha  $TMP/$pkg.tgz" | sha1sum -c - >/dev/null
    echo "$version"
}

fetch "node-linux-$NODE_ARCH" "$NODE_VERSION" >/dev/null
tar -xzf "$TMP/node-linux-$NODE_ARCH.tgz" -C "$TMP"
install -m 0755 "$TMP/package/bin/node" "$PREFIX/bin/node"
mkdir -p "$PREFIX/include" "$PREFIX/share"
cp -a "$TMP/package/include/." "$PREFIX/include/"
# man page and systemtap probes only; docs are left out
if [ -d "$TMP/package/share/man" ]; then cp -a "$TMP/package/share/man" "$PREFIX/share/"; fi

fetch npm "$NPM_VERSION" >/dev/null
rm -rf "$PREFIX/lib/node_modules/npm"
mkdir -p "$PREFIX/lib/node_modules/npm"
tar -xzf "$TMP/npm.tgz" -C "$PREFIX/lib/node_modules/npm" --strip-components=1 --no-same-owner
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$PREFIX/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$PREFIX/bin/npx"
chown -R root:root "$PREFIX/lib/node_modules/npm" "$PREFIX/include/node"

# Verify: the requested major must be what runs.
got="$("$PREFIX/bin/node" --version)"
case "$got" in
    "v${NODE_VERSION}"|"v${NODE_VERSION}".*) ;;
    *) echo "install-node: expected node $NODE_VERSION, got $got" >&2; exit 1 ;;
esac
echo "install-node: node $got, npm $("$PREFIX/bin/npm" --version)" >&2
