# Installs what ./remolt needs and is missing, saying each step; sourced by ./remolt (and its tests).
#   ensure_packages   tmux, bubblewrap, passt, nftables, perl, util-linux, curl with apt (root or passwordless sudo)
#   ensure_node       Node.js 20+ and npm; when missing or too old, from the npm registry into the cache
#   ensure_jdk        a JDK 25 on JAVA_HOME; when none is found, Temurin from Adoptium's API into the cache
# Settings: REMOLT_CACHE (default ~/.cache/remolt), REMOLT_JDK_URL (Adoptium API base, for mirrors),
# REMOLT_NPM_REGISTRY (npm registry base), REMOLT_NODE_VERSION, REMOLT_NPM_VERSION.

REMOLT_CACHE="${REMOLT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/remolt}"
REMOLT_JDK_URL="${REMOLT_JDK_URL:-https://api.adoptium.net}"
REMOLT_NPM_REGISTRY="${REMOLT_NPM_REGISTRY:-https://registry.npmjs.org}"
# Exact versions: a registry document per version is small, the package's full document is not.
REMOLT_NODE_VERSION="${REMOLT_NODE_VERSION:-22.22.0}"
REMOLT_NPM_VERSION="${REMOLT_NPM_VERSION:-10.9.4}"

say() { printf 'remolt: %s\n' "$*" >&2; }
die() { printf 'remolt: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when root, through sudo when it needs no password; else fails.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

# Debian package for each command the local runtime and these scripts use.
missing_packages() { # missing_packages [EXTRA_TOOL:PACKAGE...]
  local pair tool package
  for pair in tmux:tmux bwrap:bubblewrap pasta:passt setpriv:util-linux setsid:util-linux curl:curl "$@"; do
    tool=${pair%%:*}; package=${pair#*:}
    command -v "$tool" >/dev/null 2>&1 || echo "$package"
  done
  # The sandbox entry runs /usr/bin/perl and the egress policy /usr/sbin/nft by those paths.
  [ -x /usr/bin/perl ] || echo perl
  [ -x /usr/sbin/nft ] || echo nftables
  [ -f /etc/ssl/certs/ca-certificates.crt ] || echo ca-certificates
}

ensure_packages() { # ensure_packages [EXTRA_TOOL:PACKAGE...]
  local packages
  packages=$(missing_packages "$@" | sort -u | tr '\n' ' ')
  packages=${packages% }
  if [ -z "$packages" ]; then say "system packages: all present (tmux, bubblewrap, passt, nftables, perl, util-linux, curl)"; return 0; fi
  command -v apt-get >/dev/null 2>&1 || die "missing: $packages; install them with your package manager"
  if [ "$(id -u)" -ne 0 ] && ! (command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null); then
    die "missing: $packages; install them with: sudo apt-get install -y $packages"
  fi
  say "installing $packages (apt-get)"
  as_root apt-get update -q || die "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages \
    || die "apt-get install $packages failed"
}

# Fetches a URL to a file with a progress bar; fails on HTTP errors.
download() { # download URL FILE
  curl -fL --retry 2 --progress-bar -o "$2" "$1" || { rm -f "$2"; die "download of $1 failed"; }
}

node_is_recent() { # node_is_recent NODE
  "$1" -e 'process.exit(parseInt(process.versions.node) >= 20 ? 0 : 1)' 2>/dev/null
}

# Puts Node.js 20+ and npm on PATH, from the cache or the npm registry when the machine's are missing or old.
ensure_node() {
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && node_is_recent node; then
    say "using Node.js $(node --version) from $(command -v node)"
    return 0
  fi
  local dir="$REMOLT_CACHE/node-$REMOLT_NODE_VERSION-npm-$REMOLT_NPM_VERSION"
  if [ ! -x "$dir/node/bin/node" ]; then
    if command -v node >/dev/null 2>&1; then
      say "Node.js $(node --version) is older than 20; installing Node.js $REMOLT_NODE_VERSION into $dir"
    else
      say "Node.js is missing; installing Node.js $REMOLT_NODE_VERSION into $dir"
    fi
    local arch
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64) arch=arm64 ;;
      *) die "no Node.js package for $(uname -m); install Node.js 20 or newer yourself" ;;
    esac
    local work
    work=$(mktemp -d "$REMOLT_CACHE/.node.XXXXXX" 2>/dev/null) || { mkdir -p "$REMOLT_CACHE"; work=$(mktemp -d "$REMOLT_CACHE/.node.XXXXXX"); }
    # A refused or failed download leaves nothing behind in the cache.
    trap 'rm -rf "$work"' EXIT
    npm_package "node-linux-$arch" "$REMOLT_NODE_VERSION" "$work/node"
    npm_package npm "$REMOLT_NPM_VERSION" "$work/npm"
    mkdir -p "$work/node/bin"
    # npm is a script run by node; the wrappers find both by this folder's path.
    printf '#!/bin/sh\nexec "$(dirname "$0")/node" "$(dirname "$0")/../../npm/bin/npm-cli.js" "$@"\n' >"$work/node/bin/npm"
    printf '#!/bin/sh\nexec "$(dirname "$0")/node" "$(dirname "$0")/../../npm/bin/npx-cli.js" "$@"\n' >"$work/node/bin/npx"
    chmod +x "$work/node/bin/npm" "$work/node/bin/npx"
    rm -rf "$dir"
    mkdir -p "$dir"
    mv "$work/node" "$dir/node" && mv "$work/npm" "$dir/npm"
    rm -rf "$work"
    trap - EXIT
  fi
  node_is_recent "$dir/node/bin/node" || die "the Node.js in $dir does not run; remove that folder and try again"
  say "using Node.js $("$dir/node/bin/node" --version) from $dir"
  export PATH="$dir/node/bin:$PATH"
}

# Downloads one npm package version, checks its sha512 integrity, and unpacks it into DIR.
npm_package() { # npm_package NAME VERSION DIR
  local name=$1 version=$2 target=$3 meta tarball integrity
  meta=$(curl -fsSL "$REMOLT_NPM_REGISTRY/$name/$version") || die "the npm registry has no $name $version ($REMOLT_NPM_REGISTRY/$name/$version)"
  tarball=$(printf '%s' "$meta" | grep -o '"tarball" *: *"[^"]*"' | head -1 | sed 's/.*: *"\(.*\)"/\1/')
  integrity=$(printf '%s' "$meta" | grep -o '"integrity" *: *"sha512-[^"]*"' | head -1 | sed 's/.*"sha512-\(.*\)"/\1/')
  [ -n "$tarball" ] && [ -n "$integrity" ] || die "the npm registry's answer for $name $version has no tarball or integrity"
  say "downloading $name $version from $tarball"
  download "$tarball" "$target.tgz"
  local expected actual
  expected=$(printf '%s' "$integrity" | base64 -d | od -An -vtx1 | tr -d ' \n')
  actual=$(sha512sum "$target.tgz" | cut -d' ' -f1)
  [ "$expected" = "$actual" ] || { rm -f "$target.tgz"; die "$name $version: sha512 mismatch (expected $expected, got $actual); refusing it"; }
  say "checked $name $version's sha512; unpacking"
  mkdir -p "$target"
  tar -xzf "$target.tgz" -C "$target" --strip-components=1 || die "cannot unpack $name $version"
  rm -f "$target.tgz"
}

is_jdk25() { # is_jdk25 DIR
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] \
    && "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'
}

find_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* \
      /usr/lib/jvm/jdk-25* "$REMOLT_CACHE"/jdk/*; do
    if is_jdk25 "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

# Sets JAVA_HOME to a JDK 25: one already here, or Temurin 25 downloaded from Adoptium.
ensure_jdk() {
  if JAVA_HOME=$(find_jdk25); then export JAVA_HOME; return 0; fi
  say "no JDK 25 found (JAVA_HOME, /usr/lib/jvm, $REMOLT_CACHE/jdk)"
  install_jdk
}

# Downloads Temurin 25 from Adoptium's API (or REMOLT_JDK_URL), checks its SHA-256, unpacks it into the cache.
install_jdk() {
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=aarch64 ;;
    *) die "no JDK 25 found and Adoptium has none for $(uname -m); install one and set JAVA_HOME" ;;
  esac
  local api="$REMOLT_JDK_URL/v3/assets/latest/25/hotspot?architecture=$arch&image_type=jdk&os=linux&vendor=eclipse"
  say "asking $api"
  local meta link checksum name
  meta=$(curl -fsSL "$api") || die "cannot reach Adoptium's API at $REMOLT_JDK_URL (set REMOLT_JDK_URL to a mirror, or install a JDK 25 and set JAVA_HOME)"
  link=$(printf '%s' "$meta" | grep -o '"link" *: *"[^"]*\.tar\.gz"' | head -1 | sed 's/.*: *"\(.*\)"/\1/')
  checksum=$(printf '%s' "$meta" | grep -o '"checksum" *: *"[0-9a-f]\{64\}"' | head -1 | sed 's/.*: *"\(.*\)"/\1/')
  [ -n "$link" ] && [ -n "$checksum" ] || die "Adoptium's answer names no JDK 25 tarball with a checksum ($api)"
  mkdir -p "$REMOLT_CACHE/jdk"
  local work
  work=$(mktemp -d "$REMOLT_CACHE/jdk/.download.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  say "downloading JDK 25 from $link"
  download "$link" "$work/jdk.tar.gz"
  local actual
  actual=$(sha256sum "$work/jdk.tar.gz" | cut -d' ' -f1)
  if [ "$actual" != "$checksum" ]; then
    rm -rf "$work"
    die "JDK download $link: SHA-256 mismatch (expected $checksum, got $actual); refusing it"
  fi
  say "checked the JDK's SHA-256; unpacking into $REMOLT_CACHE/jdk"
  mkdir "$work/unpacked"
  tar -xzf "$work/jdk.tar.gz" -C "$work/unpacked" || { rm -rf "$work"; die "cannot unpack $link"; }
  name=$(ls "$work/unpacked" | head -1)
  is_jdk25 "$work/unpacked/$name" || { rm -rf "$work"; die "$link holds no JDK 25"; }
  rm -rf "${REMOLT_CACHE:?}/jdk/$name"
  mv "$work/unpacked/$name" "$REMOLT_CACHE/jdk/$name"
  rm -rf "$work"
  trap - EXIT
  JAVA_HOME="$REMOLT_CACHE/jdk/$name"
  export JAVA_HOME
  say "installed JDK 25 into $JAVA_HOME"
}
