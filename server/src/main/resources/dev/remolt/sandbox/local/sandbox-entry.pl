# The one program between the server and a local sandbox (see SandboxEntry). x86_64 numbers.
#   start PROCS NPROC DATA CMD...                on the host, before bubblewrap: join the sandbox's
#                                                cgroups, cap its processes and memory, then run CMD
#   confine FILTER CMD...                        the sandbox's first process: no new privileges, the
#                                                seccomp filter, the session's environment (NAME=value
#                                                pairs, NUL-ended, on stdin) saved for later, then CMD
#   enter PID UID DIR PROCS NPROC DATA FILTER CMD...
#                                                a new process inside the sandbox whose init is PID:
#                                                its namespaces, its uid, no capabilities, the filter
use strict;
my ($PRCTL, $SETNS, $SETGROUPS, $SETRESUID, $SETRESGID, $CAPSET, $SETRLIMIT, $SETSID) = (157, 308, 116, 117, 119, 126, 160, 112);
my $CLONE_NEWUSER = 0x10000000;

sub check { my ($result, $what) = @_; $result == 0 or die "remolt-entry: $what: $!\n"; }

sub join_cgroups {
    for my $procs (grep { length } split /,/, shift) {
        open(my $fh, '>', $procs) or die "remolt-entry: cannot open $procs: $!\n";
        print $fh "$$\n";
        close($fh) or die "remolt-entry: cannot join $procs: $!\n";
    }
}

# Only where cgroups cannot hold the limits: processes per uid, and writable memory per process.
sub limit {
    my ($processes, $data) = @_;
    check(syscall($SETRLIMIT, 6, pack("QQ", $processes, $processes)), "RLIMIT_NPROC") if $processes > 0;
    check(syscall($SETRLIMIT, 2, pack("QQ", $data, $data)), "RLIMIT_DATA") if $data > 0;
}

sub confine {
    my $filter = pack("H*", shift);
    check(syscall($PRCTL, 38, 1, 0, 0, 0), "no_new_privs");
    my $program = pack("S x![P] P", length($filter) / 8, $filter);
    check(syscall($PRCTL, 22, 2, $program, 0, 0), "seccomp");
}

sub run { my $program = shift // $ARGV[0]; exec { $program } @ARGV; die "remolt-entry: cannot run $ARGV[0]: $!\n"; }

# The program, found on the fixed PATH the server gave: never on one the sandbox wrote.
sub resolve {
    my $name = shift;
    return $name if $name =~ m{/};
    for my $dir (split /:/, $ENV{PATH}) {
        return "$dir/$name" if -f "$dir/$name" && -x _;
    }
    return $name;
}

# The session's environment, as the sandbox's first process saved it (inside, in its own /tmp):
# read as the sandbox user, never blocking on a FIFO, at most 1 MiB.
sub session_environment {
    sysopen(my $fh, "/tmp/.remolt/environ", 04000) or return; # O_RDONLY | O_NONBLOCK
    return unless -f $fh;
    sysread($fh, my $all, 1 << 20);
    for my $pair (split /\0/, $all // "") {
        my ($name, $value) = split /=/, $pair, 2;
        next unless defined $value && $name =~ /^[A-Za-z_][A-Za-z0-9_]*$/;
        next if $name =~ /^(PWD|OLDPWD|SHLVL|_)$/;
        $ENV{$name} = $value;
    }
}

my $mode = shift @ARGV;
if ($mode eq 'start') {
    my ($procs, $nproc, $data) = splice(@ARGV, 0, 3);
    join_cgroups($procs);
    limit($nproc + 0, $data + 0);
    run();
}
if ($mode eq 'confine') {
    confine(shift @ARGV);
    local $/;
    for my $pair (split /\0/, <STDIN> // "") {
        my ($name, $value) = split /=/, $pair, 2;
        $ENV{$name} = $value if defined $value && $name =~ /^[A-Za-z_][A-Za-z0-9_]*$/;
    }
    mkdir("/tmp/.remolt", 0700) or die "remolt-entry: mkdir /tmp/.remolt: $!\n";
    open(my $saved, '>', "/tmp/.remolt/environ") or die "remolt-entry: cannot save the environment: $!\n";
    print $saved map { "$_=$ENV{$_}\0" } sort keys %ENV;
    close($saved) or die "remolt-entry: cannot save the environment: $!\n";
    open(STDIN, '<', '/dev/null') or die "remolt-entry: /dev/null: $!\n";
    run();
}
$mode eq 'enter' or die "remolt-entry: unknown mode $mode\n";
my ($pid, $uid, $dir, $procs, $nproc, $data, $filter) = splice(@ARGV, 0, 7);
$uid += 0;
# Until the command runs, nothing in the sandbox may trace or read this process.
check(syscall($PRCTL, 4, 0, 0, 0, 0), "dumpable");
join_cgroups($procs);
limit($nproc + 0, $data + 0);
# A session of its own: no terminal, session or process group shared with the server (a sandbox
# could signal them, or type into the terminal the server was started from), and one group the
# server ends at once. Under a pty this process leads its session already, and keeps it.
syscall($SETSID);
my %ns;
for my $type (qw(user mnt net ipc uts pid)) {
    open($ns{$type}, '<', "/proc/$pid/ns/$type") or die "remolt-entry: sandbox $pid is gone: $!\n";
}
# bubblewrap nests the sandbox's user namespace in the one that owns its other namespaces:
# enter the owner first, then the namespaces it owns, then the sandbox's own user namespace.
my $owner = ioctl($ns{mnt}, 0xb701, 0); # NS_GET_USERNS
defined $owner or die "remolt-entry: NS_GET_USERNS: $!\n";
open(my $owner_fh, '<&=', $owner + 0) or die "remolt-entry: owner namespace: $!\n";
syscall($SETGROUPS, 0, 0) if $> == 0; # a root server keeps no supplementary group
check(syscall($SETNS, fileno($owner_fh), $CLONE_NEWUSER), "setns owner");
for my $type (qw(mnt net ipc uts pid)) { check(syscall($SETNS, fileno($ns{$type}), 0), "setns $type"); }
if ((stat($owner_fh))[1] != (stat($ns{user}))[1]) {
    check(syscall($SETNS, fileno($ns{user}), $CLONE_NEWUSER), "setns user");
}
close($owner_fh);
close($_) for values %ns;
# Only a child is in the sandbox's pid namespace. This parent stays outside, waiting, with the
# server's uid: no process of the sandbox uid ever runs outside the sandbox's pid namespace.
my $child = fork() // die "remolt-entry: fork: $!\n";
if ($child == 0) {
    check(syscall($SETRESGID, $uid, $uid, $uid), "setresgid");
    check(syscall($SETRESUID, $uid, $uid, $uid), "setresuid");
    check(syscall($PRCTL, 4, 0, 0, 0, 0), "dumpable");
    for my $cap (0 .. 63) { syscall($PRCTL, 24, $cap + 0, 0, 0, 0) } # PR_CAPBSET_DROP, while CAP_SETPCAP is still held
    check(syscall($PRCTL, 47, 4, 0, 0, 0), "ambient capabilities");
    my ($cap_header, $cap_data) = (pack("LL", 0x20080522, 0), pack("L6", (0) x 6)); # syscall wants writable buffers
    check(syscall($CAPSET, $cap_header, $cap_data), "capset");
    my $program = resolve($ARGV[0]);
    session_environment();
    chdir($dir) or chdir($ENV{HOME} // "/") or chdir("/");
    confine($filter);
    run($program);
}
confine($filter);
# Signals for this process are meant for the command.
$SIG{$_} = sub { kill($_[0], $child) } for qw(TERM HUP INT QUIT);
1 while waitpid($child, 0) == -1 && $! == 4; # EINTR: a signal was passed on
exit($? & 127 ? 128 + ($? & 127) : $? >> 8);
