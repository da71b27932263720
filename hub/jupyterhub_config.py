"""JupyterHub for a class on one machine (``sudo make hub``; see hub/README.md).

Settings come from the environment (``make hub`` sets them; defaults in brackets):

HUB_PREFIX     the class environment made by hub/install_env.sh [/opt/plantar-course]
HUB_STATE      the hub's database, cookie secret and the passwords file [/var/lib/plantar-course-hub]
HUB_IP         address students connect to [127.0.0.1]; a classroom network is an explicit
               choice, such as HUB_IP=0.0.0.0, best with HUB_SSL_CERT and HUB_SSL_KEY
HUB_PORT       port students connect to [8000]; the hub's own API uses HUB_PORT+1, the proxy's
               HUB_PORT+2, both on 127.0.0.1
HUB_TEACHER    a user name with the hub's admin page (optional; must be able to log in by PAM)
HUB_CULL_MIN   minutes without activity after which a student's server is stopped [30]
HUB_SSL_CERT, HUB_SSL_KEY   serve https with this certificate (optional)
HUB_LESSONS    the staged lessons copied into each home [HUB_PREFIX/share/plantar-course/lessons]
"""

import ipaddress
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from course_spawner import CourseSpawner  # noqa: E402
from sizing import limits  # noqa: E402

c = get_config()  # noqa: F821 (JupyterHub provides it)

PREFIX = Path(os.environ.get("HUB_PREFIX", "/opt/plantar-course"))
STATE = Path(os.environ.get("HUB_STATE", "/var/lib/plantar-course-hub"))
IP = os.environ.get("HUB_IP", "127.0.0.1")
PORT = int(os.environ.get("HUB_PORT", "8000"))
CULL_S = int(float(os.environ.get("HUB_CULL_MIN", "30")) * 60)
CERT, KEY = os.environ.get("HUB_SSL_CERT", ""), os.environ.get("HUB_SSL_KEY", "")

STATE.mkdir(parents=True, exist_ok=True, mode=0o700)
os.chmod(STATE, 0o700)

# ---- where students connect ---------------------------------------------------------------
scheme = "https" if CERT and KEY else "http"
c.JupyterHub.bind_url = f"{scheme}://{IP}:{PORT}/"
if CERT and KEY:
    c.JupyterHub.ssl_cert, c.JupyterHub.ssl_key = CERT, KEY
if not ipaddress.ip_address(IP).is_loopback and scheme == "http":
    print(f"jupyterhub_config: serving {IP}:{PORT} to the network WITHOUT https: passwords travel "
          "in clear text on the classroom network (set HUB_SSL_CERT and HUB_SSL_KEY)", file=sys.stderr)
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{PORT + 1}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 2}"
c.ConfigurableHTTPProxy.command = [str(PREFIX / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True

# ---- who may log in: system accounts of the students' group, checked by PAM ---------------
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {"plantar-students"}
c.PAMAuthenticator.open_sessions = False  # no login sessions: students get no other service
if os.environ.get("HUB_TEACHER"):
    c.Authenticator.admin_users = {os.environ["HUB_TEACHER"]}

# ---- each student's server --------------------------------------------------------------
c.JupyterHub.spawner_class = CourseSpawner
c.CourseSpawner.lessons_dir = os.environ.get(
    "HUB_LESSONS", str(PREFIX / "share" / "plantar-course" / "lessons"))
c.Spawner.cmd = [str(PREFIX / "bin" / "jupyterhub-singleuser")]
c.Spawner.environment = {"PATH": f"{PREFIX / 'bin'}:/usr/local/bin:/usr/bin:/bin"}
c.Spawner.args = [
    "--KernelManager.transport=ipc",  # local sockets in the private runtime folder, no ports
    "--ServerApp.terminals_enabled=False",  # the course needs no shell
    "--MappingKernelManager.cull_idle_timeout=1200",  # a kernel idle for 20 min is shut down
    "--MappingKernelManager.cull_interval=120",
] + os.environ.get("HUB_EXTRA_ARGS", "").split()  # the load test's browser page needs one more
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/lessons/00-start-here.ipynb"
# thirty students logging in at once on two cores: a server can take minutes to answer
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300

_limits = limits()
c.Spawner.mem_limit = f"{_limits['mem_limit_mib']}M"
c.Spawner.cpu_limit = _limits["cpu_limit"]

# ---- idle culler: stops servers no one has used for HUB_CULL_MIN minutes ------------------
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={CULL_S}",
                f"--cull-every={max(60, CULL_S // 10)}", "--concurrency=5"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
