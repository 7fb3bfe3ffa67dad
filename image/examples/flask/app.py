"""A small REST API: a to-do list kept in memory.

Run it:   cd ~/examples/flask && flask run --port 5000
Try it:   curl -s localhost:5000/api/todos
          curl -s -X POST -H 'Content-Type: application/json' \
               -d '{"title": "try tabvm"}' localhost:5000/api/todos
          curl -s -X PATCH -H 'Content-Type: application/json' \
               -d '{"done": true}' localhost:5000/api/todos/1
          curl -s -X DELETE localhost:5000/api/todos/1
"""

from flask import Flask, abort, jsonify, request

app = Flask(__name__)

todos = {}
next_id = 1


def todo_or_404(todo_id):
    todo = todos.get(todo_id)
    if todo is None:
        abort(404, description=f"no to-do with id {todo_id}")
    return todo


@app.get("/")
def index():
    return (
        "<h1>tabvm Flask example</h1>"
        "<p>A to-do REST API lives under <a href='api/todos'>api/todos</a>.</p>"
    )


@app.get("/api/todos")
def list_todos():
    return jsonify(sorted(todos.values(), key=lambda todo: todo["id"]))


@app.post("/api/todos")
def create_todo():
    global next_id
    body = request.get_json(silent=True) or {}
    title = body.get("title")
    if not isinstance(title, str) or not title.strip():
        abort(400, description="a to-do needs a non-empty 'title'")
    todo = {"id": next_id, "title": title.strip(), "done": False}
    todos[next_id] = todo
    next_id += 1
    return jsonify(todo), 201


@app.get("/api/todos/<int:todo_id>")
def get_todo(todo_id):
    return jsonify(todo_or_404(todo_id))


@app.patch("/api/todos/<int:todo_id>")
def update_todo(todo_id):
    todo = todo_or_404(todo_id)
    body = request.get_json(silent=True) or {}
    if "title" in body:
        todo["title"] = str(body["title"])
    if "done" in body:
        todo["done"] = bool(body["done"])
    return jsonify(todo)


@app.delete("/api/todos/<int:todo_id>")
def delete_todo(todo_id):
    todo_or_404(todo_id)
    del todos[todo_id]
    return "", 204


@app.errorhandler(400)
@app.errorhandler(404)
def error(err):
    return jsonify(error=err.description), err.code


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)
