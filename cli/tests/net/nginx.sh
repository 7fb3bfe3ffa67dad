# nginx (one process, no daemon, sendfile on as in Debian's nginx.conf)
# serving static files to curl.
set -e
mkdir -p /tmp/ng/www
printf 'static file served by nginx\n' > /tmp/ng/www/index.html
head -c 300000 /usr/bin/python3 > /tmp/ng/www/big.bin
cat > /tmp/ng/nginx.conf <<'CONF'
daemon off;
master_process off;
worker_processes 1;
error_log /tmp/ng/error.log;
pid /tmp/ng/nginx.pid;
events { worker_connections 64; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    client_body_temp_path /tmp/ng/body;
    proxy_temp_path /tmp/ng/proxy;
    fastcgi_temp_path /tmp/ng/fastcgi;
    uwsgi_temp_path /tmp/ng/uwsgi;
    scgi_temp_path /tmp/ng/scgi;
    types { text/html html; }
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:41108;
        root /tmp/ng/www;
    }
}
CONF
nginx -t -c /tmp/ng/nginx.conf 2>&1
nginx -c /tmp/ng/nginx.conf &
pid=$!
up=no
for i in $(seq 600); do
    if curl -s -o /dev/null http://127.0.0.1:41108/; then up=yes; break; fi
    sleep 0.1
done
echo "server up: $up"
curl -s http://127.0.0.1:41108/index.html
curl -s http://127.0.0.1:41108/big.bin | md5sum
md5sum < /tmp/ng/www/big.bin
curl -s -o /dev/null -w '%{http_code}\n' http://127.0.0.1:41108/nothing
# SIGTERM: nginx stops its workers and exits (its epoll_wait, interrupted,
# must not restart). SIGKILL only if it did not, after saying so.
kill $pid
for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then echo "nginx ignored SIGTERM"; kill -9 $pid; fi
wait $pid 2>/dev/null || true
echo done
