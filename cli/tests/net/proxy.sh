# nginx as a reverse proxy, like the image's examples/nginx/tabvm.conf
# (static files, /api/ proxied to a backend on 127.0.0.1; Flask there is
# too slow to start for this suite, python's http.server stands in), on
# IPv4 and IPv6, driven by curl.
set -e
mkdir -p /tmp/px
cat > /tmp/px/nginx.conf <<'CONF'
daemon off;
master_process off;
worker_processes 1;
error_log /tmp/px/error.log;
pid /tmp/px/nginx.pid;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path /tmp/px/body;
    proxy_temp_path /tmp/px/proxy;
    fastcgi_temp_path /tmp/px/fastcgi;
    uwsgi_temp_path /tmp/px/uwsgi;
    scgi_temp_path /tmp/px/scgi;
    include /etc/nginx/mime.types;
    server {
        listen 41114;
        listen [::]:41114;
        root /home/user/examples/nginx/www;
        index index.html;
        location / { try_files $uri $uri/ =404; }
        location /api/ {
            proxy_pass http://127.0.0.1:41113;
            proxy_set_header Host $host;
        }
    }
}
CONF
mkdir -p /tmp/px/back/api
printf '[{"id": 1, "title": "try tabvm"}]\n' > /tmp/px/back/api/todos
python3 -m http.server 41113 --bind 127.0.0.1 --directory /tmp/px/back >/dev/null 2>&1 &
backend_pid=$!
nginx -c /tmp/px/nginx.conf &
nginx_pid=$!
for i in $(seq 900); do
    if curl -s -o /dev/null http://127.0.0.1:41113/api/todos &&
       curl -s -o /dev/null http://127.0.0.1:41114/; then break; fi
    sleep 0.1
done
curl -s -o /dev/null -w 'static %{http_code} %{content_type}\n' 'http://[::1]:41114/'
curl -s http://127.0.0.1:41114/ | head -3
curl -s http://127.0.0.1:41114/api/todos
curl -s -g 'http://[::1]:41114/api/todos'
curl -s -o /dev/null -w 'missing %{http_code}\n' http://127.0.0.1:41114/api/nothing
# SIGTERM, as in nginx.sh.
kill $nginx_pid
for i in $(seq 100); do kill -0 $nginx_pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $nginx_pid 2>/dev/null; then echo "nginx ignored SIGTERM"; kill -9 $nginx_pid; fi
kill $backend_pid
wait 2>/dev/null || true
echo done
