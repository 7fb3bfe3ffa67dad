# nginx as `sudo nginx` starts it: a daemon whose master process runs two
# workers as www-data over socketpair channels with O_ASYNC set (FIOASYNC,
# F_SETOWN), each process retitled through its argument strings; then
# `nginx -s quit` through the pid file.
set -e
mkdir -p /tmp/nd/www
printf 'served by a worker\n' > /tmp/nd/www/index.html
cat > /tmp/nd/nginx.conf <<'CONF'
user www-data;
worker_processes 2;
error_log /tmp/nd/error.log;
pid /tmp/nd/nginx.pid;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path /tmp/nd/body;
    proxy_temp_path /tmp/nd/proxy;
    fastcgi_temp_path /tmp/nd/fastcgi;
    uwsgi_temp_path /tmp/nd/uwsgi;
    scgi_temp_path /tmp/nd/scgi;
    server {
        listen 127.0.0.1:41109;
        root /tmp/nd/www;
    }
}
CONF
nginx -c /tmp/nd/nginx.conf
echo "started $?"
for i in $(seq 600); do
    if curl -s -o /dev/null http://127.0.0.1:41109/; then break; fi
    sleep 0.1
done
curl -s http://127.0.0.1:41109/
# Both workers up (they start while the master goes on).
for i in $(seq 600); do
    [ "$(pgrep -c -u www-data nginx)" = 2 ] && break
    sleep 0.1
done
ps -eo user,args | grep '[n]ginx:' | sort
nginx -c /tmp/nd/nginx.conf -s quit
for i in $(seq 600); do pgrep -x nginx > /dev/null || break; sleep 0.1; done
pgrep -x nginx || echo "all gone"
grep -v notice /tmp/nd/error.log || echo "no errors"
