# Shared by the GenApp perl templates. See ../bash/common.sh for the calling convention:
# SCRIPT -t TAG -i ID, VIGIL_* environment, secret on stdin, exit 0 = success,
# checks: 0 healthy, 7 not running, 10 degraded, other failed. Output tail = exit reason.
package Common;
use strict;
use warnings;
use Getopt::Std;
use Exporter 'import';
our @EXPORT = qw($TAG $ID $COMMAND $STATE_DIR $PIDFILE $LOGFILE running_pid);
our ($TAG, $ID);
my %opts;
getopts('t:i:', \%opts) or die "usage: $0 -t TAG -i ID\n";
$TAG = $opts{t} // die "-t TAG is required\n";
$ID  = $opts{i} // die "-i ID is required\n";
our $COMMAND   = $ENV{VIGIL_PARAM_COMMAND} // die "parameter 'command' (the program to run) is required\n";
# State is kept per node, so nodes that share a file system (the lab) never see each other's pid file.
our $STATE_DIR = ($ENV{VIGIL_PARAM_STATE_DIR} // '/run/vigil-genapp') . '/' . ($ENV{VIGIL_NODE} // 'local');
our $PIDFILE   = "$STATE_DIR/$TAG.pid";
our $LOGFILE   = "$STATE_DIR/$TAG.log";

# The pid when the application runs, undef otherwise (a zombie is not running).
sub running_pid {
    open(my $fh, '<', $PIDFILE) or return undef;
    my $pid = <$fh>; close $fh;
    return undef unless defined $pid && $pid =~ /^(\d+)/;
    $pid = $1;
    return undef unless kill(0, $pid);
    if (open(my $st, '<', "/proc/$pid/stat")) { my @f = split ' ', <$st>; return undef if $f[2] eq 'Z'; }
    return $pid;
}
1;
