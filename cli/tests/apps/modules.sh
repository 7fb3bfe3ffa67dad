# Perl's threads and sockets; python's shared memory, crypt and the
# user database.
cd /tmp
perl -Mthreads -e 'my @t = map { threads->create(sub { $_[0] * 2 }, $_) } 1..4; print join(",", map { $_->join } @t), "\n"'
perl -MSocket -e 'socketpair(my $a, my $b, AF_UNIX, SOCK_DGRAM, 0) or die; send($a, "dgram", 0); recv($b, my $m, 100, 0); print "$m\n"'
perl -MIO::Socket::INET -e 'my $l = IO::Socket::INET->new(Listen => 5, LocalAddr => "127.0.0.1:41204", ReuseAddr => 1) or die $!; if (!fork) { my $c = IO::Socket::INET->new("127.0.0.1:41204") or die; print $c "hi from child\n"; exit } my $s = $l->accept; print scalar <$s>; wait'
python3 -c 'from multiprocessing import shared_memory as sm; s = sm.SharedMemory(create=True, size=64, name="sweep"); s.buf[:3] = b"abc"; t = sm.SharedMemory(name="sweep"); print(bytes(t.buf[:3])); t.close(); s.close(); s.unlink()'
python3 -c 'import crypt; print(crypt.crypt("pw", "$6$saltsalt$"))' 2>/dev/null
python3 -c 'import getpass, pwd, grp, os; print(getpass.getuser(), pwd.getpwuid(0).pw_dir, grp.getgrgid(0).gr_name)'
