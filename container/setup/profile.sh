# shellcheck shell=sh
# /etc/profile.d/remolt.sh: Debian's /etc/profile resets PATH for login shells (tmux starts
# login shells), so put the sandbox's own bin folders back in front.
for d in /usr/local/share/npm-global/bin "$HOME/.local/bin"; do
    case ":$PATH:" in
        *":$d:"*) ;;
        *) PATH="$d:$PATH" ;;
    esac
done
export PATH
export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
export NPM_CONFIG_PREFIX="${NPM_CONFIG_PREFIX:-/usr/local/share/npm-global}"
