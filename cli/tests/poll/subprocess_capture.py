import subprocess, sys
code = "import sys\nfor i in range(20000):\n    sys.stdout.write('o%d\\n' % i); sys.stderr.write('e%d\\n' % i)\n"
r = subprocess.run([sys.executable, "-c", code], capture_output=True)
print(r.returncode, len(r.stdout), len(r.stderr), r.stdout[-8:], r.stderr[-8:])
r = subprocess.run(["sh", "-c", "echo hi; echo err >&2; exit 3"], capture_output=True, text=True)
print(r.returncode, repr(r.stdout), repr(r.stderr))
p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out, _ = p.communicate(b"z" * 300000)
print(len(out), p.returncode)
