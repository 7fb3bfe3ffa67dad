# python3 -m http.server on 127.0.0.1 and curl fetching from it; then on
# its default address (getaddrinfo's first passive address: 0.0.0.0 on
# Linux here), reached over 127.0.0.1 and localhost (curl tries ::1
# first, is refused, and falls back).
set -e
mkdir -p /tmp/www && cd /tmp/www
printf 'hello from the guest\n' > index.txt
python3 -m http.server 41107 --bind 127.0.0.1 >/dev/null 2>&1 &
pid=$!
up=no
for i in $(seq 600); do
    if curl -s -o /dev/null http://127.0.0.1:41107/; then up=yes; break; fi
    sleep 0.1
done
echo "server up: $up"
curl -s http://127.0.0.1:41107/index.txt
curl -s -o /dev/null -w '%{http_code} %{size_download}\n' http://127.0.0.1:41107/missing
curl -s -I http://127.0.0.1:41107/index.txt | grep -i -E '^(HTTP|Content-Length|Content-type)' | tr -d '\r'
curl -s http://127.0.0.1:41107/ | grep -c index.txt
kill $pid
wait $pid || true
python3 -m http.server 41120 >/dev/null 2>&1 &
pid=$!
for i in $(seq 600); do
    if curl -s -o /dev/null http://127.0.0.1:41120/; then break; fi
    sleep 0.1
done
curl -s http://127.0.0.1:41120/index.txt
curl -s http://localhost:41120/index.txt
kill $pid
wait $pid || true
echo done
