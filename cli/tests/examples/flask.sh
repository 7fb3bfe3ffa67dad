# The Flask example as app.py's docstring drives it, on port 41200 instead
# of 5000 (tests bind unusual ports on 127.0.0.1): list, create, read,
# update, delete, then the errors (404, 400) and the index page. The server
# log is printed with its timestamps masked.
set -e
cd ~/examples/flask
flask run --host 127.0.0.1 --port 41200 > /tmp/flask.log 2>&1 &
flask_pid=$!
api=localhost:41200/api/todos
# Bounded: at most 120 retries a second apart until the port accepts.
curl -s --retry-connrefused --retry 120 --retry-delay 1 --retry-max-time 240 "$api"
echo
json='Content-Type: application/json'
curl -s -w ' %{http_code}\n' -X POST -H "$json" -d '{"title": "try tabvm"}' "$api"
curl -s -w ' %{http_code}\n' -X POST -H "$json" -d '{"title": "  second  "}' "$api"
curl -s -w ' %{http_code}\n' "$api"
curl -s -w ' %{http_code}\n' "$api/1"
curl -s -w ' %{http_code}\n' -X PATCH -H "$json" -d '{"done": true}' "$api/1"
curl -s -w ' %{http_code}\n' -X DELETE "$api/1"
curl -s -w ' %{http_code}\n' "$api/1"
curl -s -w ' %{http_code}\n' -X DELETE "$api/1"
curl -s -w ' %{http_code}\n' -X POST -H "$json" -d '{"title": ""}' "$api"
curl -s -w ' %{http_code}\n' -X POST -d 'not json' "$api"
curl -s -w ' %{http_code}\n' "$api"
curl -s -o /dev/null -w 'nothing %{http_code}\n' localhost:41200/nothing
curl -s -D - localhost:41200/ | sed -e 's/\r$//' -e 's/^Date: .*/Date: (masked)/'
echo
kill $flask_pid
wait $flask_pid || echo "flask: $?"
sed -e 's/\[[0-9]*\/[A-Za-z]*\/[0-9]* [0-9:]*\]/[time]/' /tmp/flask.log
