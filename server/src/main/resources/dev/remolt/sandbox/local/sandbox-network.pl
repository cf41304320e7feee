# Gives a started local sandbox its network (see UserNetwork). x86_64 numbers.
#   filter PID CMD...        the egress rules: joins the user namespace that owns the network
#                            namespace of PID (bubblewrap's outer one) and that network namespace,
#                            keeps only CAP_NET_ADMIN, there only, then runs CMD (nft, rules on stdin)
#   attach PID UID CMD...    user-mode networking: the same two namespaces as fds 3 (net) and 4
#                            (owner user namespace), then, as UID with no privileges, CMD (pasta,
#                            told to join /proc/self/fd/3 and /proc/self/fd/4)
# Neither step enters the sandbox's mount namespace: what runs is the host's, from the host's /usr.
use strict;
use POSIX qw(dup2);
my ($PRCTL, $SETNS, $SETGROUPS, $SETRESUID, $SETRESGID, $CAPSET) = (157, 308, 116, 117, 119, 126);
my ($CLONE_NEWUSER, $CLONE_NEWNET, $CAP_NET_ADMIN) = (0x10000000, 0x40000000, 12);

sub check { my ($result, $what) = @_; $result == 0 or die "remolt-network: $what: $!\n"; }

sub run { exec { $ARGV[0] } @ARGV; die "remolt-network: cannot run $ARGV[0]: $!\n"; }

# The sandbox's network namespace and the user namespace that owns it, which no process is in.
sub namespaces {
    my $pid = shift;
    open(my $net, '<', "/proc/$pid/ns/net") or die "remolt-network: sandbox $pid is gone: $!\n";
    my $owner = ioctl($net, 0xb701, 0); # NS_GET_USERNS
    defined $owner or die "remolt-network: NS_GET_USERNS: $!\n";
    open(my $owner_fh, '<&=', $owner + 0) or die "remolt-network: owner namespace: $!\n";
    return ($net, $owner_fh);
}

# Until the command runs, nothing may trace or read this process.
check(syscall($PRCTL, 4, 0, 0, 0, 0), "dumpable");
my $mode = shift @ARGV;
my $pid = shift @ARGV;
my ($net, $owner) = namespaces($pid);
if ($mode eq 'filter') {
    syscall($SETGROUPS, 0, 0) if $> == 0;
    check(syscall($SETNS, fileno($owner), $CLONE_NEWUSER), "setns owner");
    check(syscall($SETNS, fileno($net), $CLONE_NEWNET), "setns net");
    # Full capabilities in the owner namespace now, none on the host. Keep CAP_NET_ADMIN alone,
    # ambient, so that nft (not root there) still holds it after exec.
    my $bit = 1 << $CAP_NET_ADMIN;
    my ($cap_header, $cap_data) = (pack("LL", 0x20080522, 0), pack("L6", $bit, $bit, $bit, 0, 0, 0)); # syscall wants writable buffers
    check(syscall($CAPSET, $cap_header, $cap_data), "capset");
    check(syscall($PRCTL, 47, 2, $CAP_NET_ADMIN, 0, 0), "ambient CAP_NET_ADMIN");
    check(syscall($PRCTL, 38, 1, 0, 0, 0), "no_new_privs");
    run();
}
$mode eq 'attach' or die "remolt-network: unknown mode $mode\n";
my $uid = shift(@ARGV) + 0;
# Through high numbers first, so that neither copy overwrites the other. dup2 clears close-on-exec.
for my $move ([fileno($net), 10], [fileno($owner), 11], [10, 3], [11, 4]) {
    defined dup2($move->[0], $move->[1]) or die "remolt-network: dup2: $!\n";
}
POSIX::close($_) for (10, 11);
if ($> == 0) {
    check(syscall($SETGROUPS, 0, 0), "setgroups");
    check(syscall($SETRESGID, $uid, $uid, $uid), "setresgid");
    check(syscall($SETRESUID, $uid, $uid, $uid), "setresuid");
}
check(syscall($PRCTL, 38, 1, 0, 0, 0), "no_new_privs");
run();
