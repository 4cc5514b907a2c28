//! Stopping a riskgate child process, shared by the test harness (`tests/common`) and the
//! benches that start the binary (`benches/callback_http.rs` includes this file by path).

use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// Stops `child` with SIGINT (pingora's fast shutdown, so nothing waits out a grace
/// period) and kills it if it has not exited 5 s later; `true` when SIGINT was enough.
pub fn stop_child(child: &mut Child) -> bool {
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    false
}
