"""A terminated evaluation leaves nothing running: SIGTERM reaches each cell, and a cell
unwinds (stopping its `riskgate demo`) instead of dying on the spot."""

import os
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_python(code):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=30)


class SigtermTest(unittest.TestCase):
    def test_a_cell_runs_its_cleanup_on_sigterm(self):
        with tempfile.TemporaryDirectory() as d:
            marker = os.path.join(d, "stopped")
            r = run_python(f"""
                import os, signal, time
                from models.eval.cell import exit_on_term
                exit_on_term()
                try:
                    os.kill(os.getpid(), signal.SIGTERM)
                    time.sleep(5)
                finally:
                    open({marker!r}, "w").write("demo stopped")
            """)
            self.assertEqual(r.returncode, 143, r.stderr)
            self.assertTrue(os.path.exists(marker), "the finally block (rg.stop()) did not run")

    def test_the_evaluation_terminates_its_running_cells_on_sigterm(self):
        r = run_python("""
            import os, signal, subprocess, time
            from models.eval import __main__ as ev
            child = subprocess.Popen(["sleep", "60"])
            ev.CHILDREN.add(child)
            print(child.pid, flush=True)
            ev.stop_children_on_term()
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        """)
        self.assertEqual(r.returncode, 143, r.stderr)
        pid = int(r.stdout.split()[0])
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                with open("/proc/%d/stat" % pid) as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except FileNotFoundError:
                return
            if state == "Z":
                return
            time.sleep(0.05)
        self.fail("the cell process (pid %d) is still running" % pid)


if __name__ == "__main__":
    unittest.main()
