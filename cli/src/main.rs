//! `tabvm`, the native host: runs a guest program from an ext2 image on the
//! host terminal with the interpreter.
//!
//! Layer: a host (DESIGN.md decision 7), beside the browser worker and the
//! Node host; depends on `kernel` and `fs`. The machine is single-threaded
//! and never blocks; this host adds one thread that reads the host's stdin
//! and hands the bytes to the machine loop.

mod host;
mod terminal;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;
use tabvm_fs::native::{FileSource, FileWriteBack};
use tabvm_fs::{BlockSource, Ext2Fs, MemOverlay, MountOptions, OverlayStore};
use tabvm_kernel::file::Stream;
use tabvm_kernel::task::Creds;
use tabvm_kernel::{Config, Kernel, Status};

const USAGE: &str = "\
usage: tabvm run --image IMG [--cwd DIR] [--env K=V]... [--user NAME] [--add HOST:GUEST]... [--write] -- ARGV...

Runs ARGV[0] from the ext2 image IMG with the host's stdin, stdout and
stderr; the exit status is the guest's (128 + N if signal N killed it).

  --image IMG   the ext2 image (`cargo xtask image` prints the default one)
  --cwd DIR     working directory in the guest (default: the user's home, / for root)
  --env K=V     set an environment variable (repeatable; a default PATH,
                HOME, USER, LOGNAME and TERM are set unless given)
  --user NAME   run as this user from the image's /etc/passwd (default: root)
  --add HOST:GUEST
                copy the host file HOST into the guest at GUEST (an existing
                directory's new entry, mode 0755, owned by root) before running
  --write       keep the guest's changes in the image file (without it,
                changes stay in memory and the image is untouched)";

struct Options {
    image: PathBuf,
    cwd: Option<String>,
    env: Vec<String>,
    user: String,
    add: Vec<(PathBuf, String)>,
    write: bool,
    argv: Vec<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        image: PathBuf::new(),
        cwd: None,
        env: Vec::new(),
        user: "root".into(),
        add: Vec::new(),
        write: false,
        argv: Vec::new(),
    };
    let mut image = None;
    let mut i = 0;
    let value = |i: usize, flag: &str| {
        args.get(i + 1)
            .cloned()
            .ok_or_else(|| format!("{flag} needs a value"))
    };
    while i < args.len() {
        match args[i].as_str() {
            "--image" => image = Some(PathBuf::from(value(i, "--image")?)),
            "--cwd" => options.cwd = Some(value(i, "--cwd")?),
            "--env" => {
                let kv = value(i, "--env")?;
                if !kv.contains('=') {
                    return Err(format!("--env takes K=V, not `{kv}`"));
                }
                options.env.push(kv);
            }
            "--user" => options.user = value(i, "--user")?,
            "--add" => {
                let spec = value(i, "--add")?;
                let (host, guest) = spec
                    .split_once(':')
                    .filter(|(_, guest)| guest.starts_with('/'))
                    .ok_or_else(|| format!("--add takes HOST:/GUEST/PATH, not `{spec}`"))?;
                options.add.push((PathBuf::from(host), guest.to_owned()));
            }
            "--write" => {
                options.write = true;
                i += 1;
                continue;
            }
            "--" => {
                options.argv = args[i + 1..].to_vec();
                break;
            }
            other => return Err(format!("unknown option `{other}`")),
        }
        i += 2;
    }
    options.image = image.ok_or("--image is required")?;
    if options.argv.is_empty() {
        return Err("nothing to run: give the program after `--`".into());
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => match parse(&args[1..]).and_then(|options| run(&options)) {
            Ok(code) => ExitCode::from(code),
            Err(message) => {
                eprintln!("tabvm: {message}");
                ExitCode::from(125)
            }
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// A user's entry in the guest's `/etc/passwd`.
struct User {
    uid: u32,
    gid: u32,
    home: String,
}

fn find_user(fs: &mut tabvm_kernel::vfs::Disk, name: &str) -> Result<User, String> {
    let missing = |what: &str| format!("cannot read the image's /etc/passwd ({what})");
    let etc = fs
        .lookup(tabvm_fs::ROOT_INO, b"etc")
        .map_err(|e| missing(&e.to_string()))?;
    let passwd = fs
        .lookup(etc, b"passwd")
        .map_err(|e| missing(&e.to_string()))?;
    let size = fs
        .getattr(passwd)
        .map_err(|e| missing(&e.to_string()))?
        .size;
    let mut bytes = vec![0; usize::try_from(size).unwrap_or(0).min(1 << 20)];
    let n = fs
        .read(passwd, 0, &mut bytes)
        .map_err(|e| missing(&e.to_string()))?;
    let text = String::from_utf8_lossy(&bytes[..n]).into_owned();
    text.lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|fields| fields.len() >= 6 && fields[0] == name)
        .and_then(|f| {
            Some(User {
                uid: f[2].parse().ok()?,
                gid: f[3].parse().ok()?,
                home: f[5].to_owned(),
            })
        })
        .ok_or_else(|| format!("no user `{name}` in the image's /etc/passwd"))
}

fn run(options: &Options) -> Result<u8, String> {
    let open_error = |e: std::io::Error| {
        format!(
            "cannot open the image {}: {e} (build the default one with `cargo xtask image`)",
            options.image.display()
        )
    };
    let source: Box<dyn BlockSource> =
        Box::new(FileSource::open(&options.image).map_err(open_error)?);
    let overlay: Box<dyn OverlayStore> = if options.write {
        Box::new(FileWriteBack::open(&options.image, 64).map_err(open_error)?)
    } else {
        Box::new(MemOverlay::default())
    };
    let mut disk = Ext2Fs::open(source, overlay, MountOptions::default())
        .map_err(|e| format!("{}: {e}", options.image.display()))?;
    let user = find_user(&mut disk, &options.user)?;
    let creds = Creds {
        uid: user.uid,
        euid: user.uid,
        suid: user.uid,
        gid: user.gid,
        egid: user.gid,
        sgid: user.gid,
        groups: Vec::new(),
    };
    let mut env: Vec<String> = Vec::new();
    let defaults = [
        (
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_owned(),
        ),
        ("HOME", user.home.clone()),
        ("USER", options.user.clone()),
        ("LOGNAME", options.user.clone()),
        (
            "TERM",
            std::env::var("TERM").unwrap_or_else(|_| "dumb".into()),
        ),
    ];
    for (key, value) in defaults {
        if !options
            .env
            .iter()
            .any(|kv| kv.split('=').next() == Some(key))
        {
            env.push(format!("{key}={value}"));
        }
    }
    env.extend(options.env.iter().cloned());
    let cwd = options.cwd.clone().unwrap_or_else(|| {
        if user.uid == 0 {
            "/".into()
        } else {
            user.home.clone()
        }
    });

    let raw = terminal::is_terminal();
    let mut kernel = Kernel::new(
        disk,
        Box::new(host::NativeHost::new(raw)),
        Config::default(),
    );
    let argv: Vec<Vec<u8>> = options.argv.iter().map(|a| a.as_bytes().to_vec()).collect();
    let envp: Vec<Vec<u8>> = env.iter().map(|e| e.as_bytes().to_vec()).collect();
    // A terminal on the host: the guest gets a console pty (line editing,
    // job control, window size) and the host terminal goes raw.
    let mut window = None;
    if raw {
        let (rows, cols) = terminal::window_size();
        kernel.use_terminal(rows, cols);
        window = Some(((rows, cols), std::time::Instant::now()));
    }
    // Through the kernel's mounts: a file added to /tmp lands in its tmpfs.
    for (host, guest) in &options.add {
        let bytes = std::fs::read(host)
            .map_err(|e| format!("--add: cannot read {}: {e}", host.display()))?;
        kernel
            .put_file(guest.as_bytes(), &bytes, 0o755)
            .map_err(|e| format!("--add: cannot write {guest} in the guest: {e:?}"))?;
    }
    kernel
        .spawn(&argv, &envp, cwd.as_bytes(), creds)
        .map_err(|e| e.to_string())?;
    let _raw = match window {
        Some(_) => Some(terminal::RawTerminal::enter()?),
        None => None,
    };

    let input = host::spawn_stdin_reader();
    let mut stdin_open = true;
    loop {
        let status = kernel.run();
        flush(&mut kernel);
        if let Some((size, checked)) = &mut window
            && checked.elapsed() >= Duration::from_millis(100)
        {
            *checked = std::time::Instant::now();
            let now = terminal::window_size();
            if now != *size {
                *size = now;
                kernel.resize(now.0, now.1);
            }
        }
        match status {
            Status::Busy => {
                if stdin_open {
                    stdin_open = pump(&mut kernel, &input, Duration::ZERO);
                }
            }
            Status::Idle { deadline } => {
                let mut wait = deadline.map_or(Duration::from_millis(100), |d| {
                    Duration::from_nanos(d.saturating_sub(host::monotonic_ns()))
                });
                if window.is_some() {
                    // Wake up to notice window-size changes.
                    wait = wait.min(Duration::from_millis(100));
                }
                if stdin_open {
                    stdin_open = pump(&mut kernel, &input, wait);
                } else {
                    std::thread::sleep(wait.min(Duration::from_millis(100)));
                }
            }
            Status::Exited(code) => return Ok(u8::try_from(code).unwrap_or(255)),
        }
    }
}

/// Moves stdin bytes into the machine, waiting up to `wait` for the first;
/// returns whether stdin is still open.
fn pump(kernel: &mut Kernel, input: &mpsc::Receiver<Vec<u8>>, wait: Duration) -> bool {
    let first = if wait.is_zero() {
        input
            .try_recv()
            .map_err(|e| e == mpsc::TryRecvError::Disconnected)
    } else {
        input
            .recv_timeout(wait)
            .map_err(|e| e == mpsc::RecvTimeoutError::Disconnected)
    };
    match first {
        Ok(bytes) => {
            kernel.feed_stdin(&bytes);
            while let Ok(more) = input.try_recv() {
                kernel.feed_stdin(&more);
            }
            true
        }
        Err(true) => {
            kernel.close_stdin();
            false
        }
        Err(false) => true,
    }
}

fn flush(kernel: &mut Kernel) {
    for (stream, bytes) in kernel.take_output() {
        // A closed host pipe (`| head`) is the reader's choice, not an error.
        let _ = match stream {
            Stream::Stderr => std::io::stderr().write_all(&bytes),
            _ => std::io::stdout()
                .write_all(&bytes)
                .and_then(|()| std::io::stdout().flush()),
        };
    }
}
