# fork, pipe, waitpid, open '-|', a socketpair, select and kill.
use strict;
use warnings;
use IO::Handle;
use IO::Select;
use Socket;
use POSIX ':sys_wait_h';

$| = 1;
pipe(my $r, my $w) or die "pipe: $!";
my @kids;
for my $n (1 .. 3) {
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        close $r;
        print $w "child $n says " . ($n * 11) . "\n";
        close $w;
        exit $n;
    }
    push @kids, $pid;
}
close $w;
my @lines = sort <$r>;
print @lines;
for my $pid (@kids) {
    waitpid($pid, 0) == $pid or die;
    print "exit ", $? >> 8, "\n";
}
print "no more: ", waitpid(-1, WNOHANG), "\n";

# A child writing into a pipe read through open '-|'.
my $pid = open(my $from, '-|') // die "open: $!";
if ($pid == 0) {
    print "$_ squared is ", $_ * $_, "\n" for 1 .. 3;
    exit 0;
}
print "from kid: $_" while <$from>;
close $from;
print "close status $?\n";

# Backticks, system and a pipe to a command.
my $out = `echo backticks; exit 3`;
print $out, "status ", $? >> 8, "\n";
system('sh', '-c', 'echo system; kill -TERM $$');
print "signal ", $? & 127, "\n";
open(my $sort, '|-', 'sort -r') or die;
print $sort "$_\n" for qw(apple cherry banana);
close $sort;

# A socketpair between parent and child, with IO::Select.
socketpair(my $p, my $c, AF_UNIX, SOCK_STREAM, PF_UNSPEC) or die "socketpair: $!";
$p->autoflush(1);
$c->autoflush(1);
if (my $kid = fork // die) {
    close $c;
    my $sel = IO::Select->new($p);
    print $p "ping $_\n" for 1 .. 3;
    shutdown($p, 1);
    my @got;
    while ($sel->can_read(10)) {
        my $line = <$p>;
        last unless defined $line;
        push @got, $line;
    }
    print "parent got: @got";
    waitpid($kid, 0);
    print "kid done ", $? >> 8, "\n";
} else {
    close $p;
    while (my $line = <$c>) {
        $line =~ s/ping/pong/;
        print $c $line;
    }
    exit 7;
}

# A signal to a child that waits for it, once its handler is set.
pipe(my $ready, my $set) or die;
my $sleeper = fork // die;
if ($sleeper == 0) {
    $SIG{USR1} = sub { print "child got USR1\n"; exit 5 };
    close $set;
    sleep 10 while 1;
}
close $set;
my $nothing = <$ready>;
kill 'USR1', $sleeper;
waitpid($sleeper, 0);
print "sleeper ", $? >> 8, "\n";
