# The first window of a local sandbox (as container/entrypoint.sh on docker): git identity and the
# GitHub token's credential helper, the repository cloned into ~/workspace/<name>, the welcome text
# with what happened, then a login shell there. Values come from the session's environment only.
mkdir -p ~/workspace ~/.remolt/logs
cd ~/workspace || cd ~ || exit 1
redact() { sed -E 's#(://)[^/@]*@#\1***@#g'; }
notes=()
if [ -n "${GIT_USER_NAME:-}" ]; then git config --global user.name "$GIT_USER_NAME"; fi
if [ -n "${GIT_USER_EMAIL:-}" ]; then git config --global user.email "$GIT_USER_EMAIL"; fi
git config --global --get init.defaultBranch >/dev/null || git config --global init.defaultBranch main
gh_host="${GH_HOST:-github.com}"
if [ -n "${GITHUB_TOKEN:-}" ]; then
    # The helper reads $GITHUB_TOKEN when git asks: the token is never written to a file.
    # shellcheck disable=SC2016
    helper='!f() { test "$1" = get || exit 0; test -n "${GITHUB_TOKEN:-}" || exit 0; echo username=x-access-token; echo "password=${GITHUB_TOKEN}"; }; f'
    for host in "$gh_host" "gist.$gh_host"; do
        git config --global --unset-all "credential.https://$host.helper" 2>/dev/null
        git config --global --add "credential.https://$host.helper" ''
        git config --global --add "credential.https://$host.helper" "$helper"
    done
fi
if [ -n "${REPO_URL:-}" ]; then
    url="$REPO_URL"
    shown="$(printf '%s' "$url" | redact)"
    case "$url" in
        -*) url="" ;;
        https://*|http://*|ssh://*|git://*|*@*:*) ;;
        *) if printf '%s' "$url" | grep -Eq '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$'; then url="https://$gh_host/$url"; else url=""; fi ;;
    esac
    name="${url%/}"; name="${name##*/}"; name="${name##*:}"; name="${name%.git}"
    name="$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' '_')"
    case "$name" in ''|.|..) name=repo ;; esac
    dest="$HOME/workspace/$name"
    if [ -z "$url" ]; then
        notes+=("Could not clone $shown: not a repository URL (use https://..., git@host:owner/repo or owner/repo).")
    elif [ -d "$dest/.git" ]; then
        cd "$dest" || true
    else
        printf 'Cloning %s into ~/workspace/%s ...\n' "$shown" "$name"
        # The sandbox's network comes up beside its start: wait (up to 5 s) for its default route.
        for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50; do
            awk 'NR > 1 && $2 == "00000000" { found = 1 } END { exit !found }' /proc/net/route 2>/dev/null && break
            sleep 0.1
        done
        if GIT_TERMINAL_PROMPT=0 GIT_SSH_COMMAND="ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new" \
            timeout "${REMOLT_CLONE_TIMEOUT:-600}" git clone --progress -- "$url" "$dest" >~/.remolt/logs/clone.log 2>&1 </dev/null; then
            notes+=("Cloned $shown into ~/workspace/$name.")
            cd "$dest" || true
        else
            rc=$?
            why="$(grep -E 'fatal|error|denied|not found|Could not' ~/.remolt/logs/clone.log | tail -n 2 | redact | tr '\n' ' ')"
            [ "$rc" = 124 ] && why="timed out after ${REMOLT_CLONE_TIMEOUT:-600}s"
            notes+=("Could not clone $shown: ${why:-git exited with $rc} (details: ~/.remolt/logs/clone.log)")
            rm -rf "$dest"
        fi
    fi
fi
cat /opt/remolt/welcome
for note in "${notes[@]}"; do printf '%s\n' "$note"; done
[ ${#notes[@]} -eq 0 ] || echo
exec bash -l
