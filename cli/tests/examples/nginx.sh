# The nginx example as the README has it (`sudo nginx`, then curl), with
# Debian's nginx.conf and the example site (tabvm.conf, enabled in
# sites-enabled) moved off the shared ports: the site on 41201 instead of
# 8080, Flask on 41200 instead of 5000, the pid file, logs and temporary
# files under /tmp/ex. The page, a 404, the /api/ proxy to Flask (a 502
# before Flask runs, then its to-do list), and `nginx -s quit`.
set -e
mkdir -p /tmp/ex
cd /tmp/ex
site=$(readlink /etc/nginx/sites-enabled/tabvm)
sed -e 's/8080/41201/g' -e 's/:5000/:41200/' "$site" > site.conf
diff "$site" site.conf || true
cat > nginx.conf <<'CONF'
user www-data;
worker_processes 2;
pid /tmp/ex/nginx.pid;
error_log /tmp/ex/error.log;
events { worker_connections 64; }
http {
    sendfile on;
    tcp_nopush on;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log /tmp/ex/access.log;
    client_body_temp_path /tmp/ex/body;
    proxy_temp_path /tmp/ex/proxy;
    fastcgi_temp_path /tmp/ex/fastcgi;
    uwsgi_temp_path /tmp/ex/uwsgi;
    scgi_temp_path /tmp/ex/scgi;
    include /tmp/ex/site.conf;
}
CONF
# (natively, sudo warns that the host's name is not in the tree's /etc/hosts)
sudo nginx -t -c /tmp/ex/nginx.conf 2>&1 | grep -v "^sudo: unable to resolve host"
sudo nginx -c /tmp/ex/nginx.conf
echo "started $?"
# Bounded waits: at most 120 retries a second apart.
retry='--retry-connrefused --retry 120 --retry-delay 1 --retry-max-time 240'
curl -s $retry -D headers localhost:41201/ > page
sed -e 's/\r$//' -e 's/^Date: .*/Date: (masked)/' -e 's/^Last-Modified: .*/Last-Modified: (masked)/' \
    -e 's/^ETag: .*/ETag: (masked)/' headers
cmp page ~/examples/nginx/www/index.html && echo "the example page"
curl -s -o /dev/null -w '%{http_code} %{content_type}\n' -g 'http://[::1]:41201/index.html'
curl -s -w '\n%{http_code}\n' localhost:41201/nothing.html | grep -o -E '<title>.*</title>|^[0-9]+$'
curl -s -o /dev/null -w 'api without flask %{http_code}\n' localhost:41201/api/todos
(cd ~/examples/flask && exec flask run --host 127.0.0.1 --port 41200 > /tmp/ex/flask.log 2>&1) &
flask_pid=$!
curl -s $retry -o /dev/null localhost:41200/api/todos
curl -s -w ' %{http_code}\n' -X POST -H 'Content-Type: application/json' \
    -d '{"title": "through nginx"}' localhost:41201/api/todos
curl -s -w ' %{http_code}\n' localhost:41201/api/todos
curl -s -w ' %{http_code}\n' localhost:41201/api/todos/7
kill $flask_pid
wait $flask_pid || true
sudo nginx -c /tmp/ex/nginx.conf -s quit
for i in $(seq 300); do [ -e /tmp/ex/nginx.pid ] || break; sleep 0.1; done
[ -e /tmp/ex/nginx.pid ] && echo "nginx still running"
sed -e 's/\[[^]]*\]/[time]/' -e 's/ [0-9]* "/ SIZE "/' access.log
grep -v '\[notice\]' error.log | sed 's/^[0-9/]* [0-9:]* //; s/[0-9]*#[0-9]*: \*[0-9]*/PID/' || echo "no errors"
