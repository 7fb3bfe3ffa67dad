//! The image's own examples (`image/examples/`, at `/home/user/examples`
//! in the image) as its README tells a user to try them: as `user` in
//! `/home/user`, each run natively (chroot of the Debian tree) and under
//! `tabvm run` and compared. The fibonacci script, the C example built
//! with its Makefile, the Flask to-do API driven with curl, nginx serving
//! the example site (and proxying /api/ to Flask), the shell line, and
//! `sudo -i`; `ps aux` (which the chroot cannot show) under tabvm only.
//!
//! Servers bind unusual ports (41200 for Flask, 41201 for nginx, instead
//! of the README's 5000 and 8080), and every wait in the scripts
//! (`examples/*.sh`) is bounded.
//!
//! They need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`),
//! which `cargo xtask test` provides.

mod common;

use common::{Guest, guest, text};

/// The user's own environment: the harness gives every run root's.
const AS_USER: &str = "export HOME=/home/user USER=user LOGNAME=user; cd; ";

/// `script` in bash as `user` in `/home/user`, with the user's `$HOME`.
fn as_user(script: &str) -> Guest {
    guest(&["bash", "-c", &format!("{AS_USER}{script}")])
        .user("user")
        .cwd("/home/user")
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn the_readme_is_the_examples_readme() {
    // What the other tests follow is what the image shows the user.
    let out = as_user("cat ~/examples/README.md").same();
    let readme = include_str!("../../image/examples/README.md");
    assert_eq!(text(&out.stdout), readme);
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_fibonacci_example() {
    let out = as_user("python3 ~/examples/python3/fibonacci.py").same();
    let out = text(&out.stdout);
    assert!(out.starts_with("fib(0) = 0\nfib(1) = 1\n"), "{out}");
    assert!(out.contains("fib(19) = 4181\n"), "{out}");
    assert!(out.ends_with("fib(300) has 63 digits: 222232244629420445529739893461909967206666939096499764990979600\n"), "{out}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_example_builds_with_its_makefile_and_runs() {
    // The README's `cd ~/examples/c && make && ./hello`, in a copy (a
    // native run must not write into the tree), then gcc -O2 and clang
    // by hand as the README's alternatives. The program prints the node
    // name, the host's natively: compared with it masked, then checked
    // under tabvm alone.
    let script = "set -e; cp -r ~/examples/c /tmp/c; cd /tmp/c
        make; ./hello | sed \"s/ from $(uname -n) on / from NODE on /\"
        make; make clean; ls
        gcc -O2 -o hello helloworld.c && ./hello | sed \"s/ from $(uname -n) on / from NODE on /\"
        clang -O2 -Wall -o hello-clang helloworld.c && ./hello-clang | sed \"s/ from $(uname -n) on / from NODE on /\"
        CFLAGS='-O0 -g' make -s; file -b hello | cut -d, -f1-2";
    let out = as_user(script).same();
    assert_eq!(
        text(&out.stdout),
        "cc -O2 -Wall -o hello helloworld.c\n\
         Hello, world! from NODE on x86_64\n\
         make: 'hello' is up to date.\n\
         rm -f hello\n\
         Makefile\nhelloworld.c\n\
         Hello, world! from NODE on x86_64\n\
         Hello, world! from NODE on x86_64\n\
         ELF 32-bit LSB pie executable, Intel 80386\n"
    );
    let hostname = as_user("cat /etc/hostname").tabvm_ok();
    let hello =
        as_user("cd /tmp && make -s -f ~/examples/c/Makefile VPATH=$HOME/examples/c && ./hello")
            .tabvm_ok();
    assert_eq!(
        hello,
        format!("Hello, world! from {} on x86_64\n", hostname.trim())
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn flask_todo_api_driven_with_curl() {
    let out = as_user(include_str!("examples/flask.sh")).same();
    let out = text(&out.stdout);
    assert!(
        out.contains("{\"done\":true,\"id\":1,\"title\":\"try tabvm\"}\n 200\n 204\n"),
        "{out}"
    );
    assert!(
        out.contains("{\"error\":\"no to-do with id 1\"}\n 404\n"),
        "{out}"
    );
    assert!(out.contains("nothing 404\n"), "{out}");
    assert!(
        out.contains("\"DELETE /api/todos/1 HTTP/1.1\" 204 -\n"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn nginx_serves_the_example_site_and_proxies_to_flask() {
    let out = as_user(include_str!("examples/nginx.sh")).same();
    let out = text(&out.stdout);
    assert!(out.contains("started 0\nHTTP/1.1 200 OK\n"), "{out}");
    assert!(out.contains("the example page\n200 text/html\n"), "{out}");
    assert!(out.contains("<title>404 Not Found</title>\n404\n"), "{out}");
    assert!(out.contains("api without flask 502\n"), "{out}");
    assert!(
        out.contains("[{\"done\":false,\"id\":1,\"title\":\"through nginx\"}]\n 200\n"),
        "{out}"
    );
    // Each family's connections reach its own listener (`listen 41201`
    // and `listen [::]:41201`, v6-only as nginx binds it).
    assert!(
        out.contains("::1 - - [time] \"GET /index.html HTTP/1.1\" 200"),
        "{out}"
    );
    assert!(
        out.contains("127.0.0.1 - - [time] \"GET /nothing.html HTTP/1.1\" 404"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn shell_line_and_sudo() {
    let out = as_user(include_str!("examples/shell.sh")).same();
    let out = text(&out.stdout);
    assert!(
        out.contains("goodbye tabvm\nsecond line\nadded by vim\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "uid=0(root) gid=0(root) groups=0(root)\n/root\n/root root /bin/bash\nlogin\n"
        ),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn ps_aux_shows_the_users_processes() {
    // The chroot has no /proc: tabvm only, checked for its shape.
    let out = as_user("sleep 5 & ps aux; kill $!").tabvm_ok();
    let mut lines = out.lines();
    let header = lines.next().unwrap_or_default();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        [
            "USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND"
        ],
        "{out}"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split_whitespace().collect()).collect();
    for row in &rows {
        assert!(row.len() >= 11, "{out}");
        assert!(row[1].parse::<u32>().is_ok(), "a pid: {out}");
    }
    for command in ["sleep 5", "ps aux"] {
        assert!(
            rows.iter()
                .any(|r| r[0] == "user" && r[10..].join(" ") == command),
            "{command} as user: {out}"
        );
    }
}
