//! Real `redis-server` processes for the fleet tests: each test starts its own on a free
//! loopback port (no persistence) and it is killed on drop. A missing `redis-server` is
//! a test failure that says how to install it (`.ci/deps.sh` does).
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One `redis-server` on 127.0.0.1.
pub struct RedisServer {
    /// Its port (kept across [`RedisServer::restart`]).
    pub port: u16,
    child: Option<Child>,
    dir: tempfile::TempDir,
    extra: Vec<String>,
}

fn spawn(port: u16, dir: &std::path::Path, extra: &[String]) -> Child {
    Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(dir)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect(
            "redis-server must be installed (Debian: apt-get install redis-server; .ci/deps.sh)",
        )
}

impl RedisServer {
    /// Starts a server on a free port and waits until it answers PING.
    pub fn start() -> RedisServer {
        Self::start_with(&[])
    }

    /// Like [`RedisServer::start`] with extra `redis-server` arguments.
    pub fn start_with(extra: &[&str]) -> RedisServer {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        // A free port can be taken between our probe and redis binding it: retry.
        for _ in 0..5 {
            let port = crate::common::free_port();
            let dir = tempfile::tempdir().expect("tempdir");
            let mut s = RedisServer {
                port,
                child: Some(spawn(port, dir.path(), &extra)),
                dir,
                extra: extra.clone(),
            };
            if s.wait_ready() {
                return s;
            }
            s.kill();
        }
        panic!("redis-server did not start");
    }

    /// `redis://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// The process id (for SIGSTOP/SIGCONT).
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(|c| c.id()).expect("running")
    }

    /// Kills the server (SIGKILL: no goodbye to clients) and reaps it.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts the server again on the same port (empty: no persistence).
    pub fn restart(&mut self) {
        self.kill();
        self.child = Some(spawn(self.port, self.dir.path(), &self.extra));
        assert!(self.wait_ready(), "redis-server did not restart");
    }

    fn wait_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(Ok(Some(_))) = self.child.as_mut().map(|c| c.try_wait()) {
                return false;
            }
            if self.try_ping() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    fn try_ping(&self) -> bool {
        let Ok(client) = redis::Client::open(self.url()) else {
            return false;
        };
        let Ok(mut c) = client.get_connection_with_timeout(Duration::from_millis(200)) else {
            return false;
        };
        redis::cmd("PING").query::<String>(&mut c).is_ok()
    }

    /// A plain synchronous connection for assertions.
    pub fn conn(&self) -> redis::Connection {
        redis::Client::open(self.url())
            .expect("url")
            .get_connection_with_timeout(Duration::from_secs(2))
            .expect("connect to the test redis")
    }

    /// Sum of the values of the keys matching `pattern` that hold plain counters.
    pub fn sum(&self, pattern: &str) -> u64 {
        let mut c = self.conn();
        let keys: Vec<String> = redis::cmd("KEYS").arg(pattern).query(&mut c).unwrap();
        keys.iter()
            .map(|k| {
                redis::cmd("GET")
                    .arg(k)
                    .query::<Option<u64>>(&mut c)
                    .unwrap_or(None)
                    .unwrap_or(0)
            })
            .sum()
    }

    /// The keys matching `pattern`.
    pub fn keys(&self, pattern: &str) -> Vec<String> {
        let mut c = self.conn();
        redis::cmd("KEYS").arg(pattern).query(&mut c).unwrap()
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Polls `f` every 10 ms until it is true or `within` passes; returns the last answer.
pub fn poll(within: Duration, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if f() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
