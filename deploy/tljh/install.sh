#!/usr/bin/env bash
# Install the vigkit course on a machine that already runs The Littlest JupyterHub (TLJH 2).
# Run as root from the top folder of a vigkit checkout:  sudo bash deploy/tljh/install.sh
# Edit COURSE and the accounts in deploy/tljh/vigkit_hub_config.py first. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/../.."

COURSE=$(sed -n 's/^COURSE = "\(.*\)"$/\1/p' deploy/tljh/vigkit_hub_config.py)
SUPERVISORS="$COURSE-supervisors"
COURSE_DIR=/opt/vigkit/course
EXCHANGE=/srv/vigkit/exchange
USER_PIP=/opt/tljh/user/bin/pip

# 1. The kit in the users' environment, with the versions its tests pass with.
"$USER_PIP" install --no-cache-dir -r deploy/image/requirements.txt
"$USER_PIP" install --no-cache-dir --no-deps .
"$USER_PIP" check

# 2. The course, read-only for everyone but root.
install -d -m 0755 "$COURSE_DIR"
cp -R exercises media notebooks examples "$COURSE_DIR"/
chown -R root:root /opt/vigkit
chmod -R u=rwX,go=rX /opt/vigkit
VIGKIT_COURSE_DIR="$COURSE_DIR" /opt/tljh/user/bin/vigkit exercise list > /dev/null

# 3. Jupyter settings as on a laptop (no news, no update checks).
install -d -m 0755 /opt/tljh/user/etc/jupyter/labconfig /opt/tljh/user/etc/jupyter/jupyter_server_config.d
install -m 0644 etc/jupyter/jupyter_server_config.json \
    /opt/tljh/user/etc/jupyter/jupyter_server_config.d/vigkit.json
install -m 0644 etc/jupyter/labconfig/page_config.json /opt/tljh/user/etc/jupyter/labconfig/

# 4. Each person's own copy of the notebooks: new accounts get one from /etc/skel, existing
#    ones now (never over a copy they have).
install -d -m 0755 /etc/skel/notebooks
cp -R notebooks/. /etc/skel/notebooks/
for home in /home/jupyter-*; do
    [ -d "$home" ] || continue
    owner=$(stat -c %U "$home")
    install -d -o "$owner" -m 0755 "$home/notebooks"
    cp -Rn notebooks/. "$home/notebooks/" || true
    chown -R "$owner:" "$home/notebooks"
done

# 5. The Unix group of the course's supervisors and the shared exchange: supervisors make
#    the course in it; everyone else may only pass through (vigkit cohort create
#    --unix-groups then sets each folder's group and modes).
groupadd --force "$SUPERVISORS"
install -d -o root -g "$SUPERVISORS" -m 2775 "$EXCHANGE"

# 6. The cohort settings every server reads ($VIGKIT_COHORT).
install -d -m 0755 /etc/vigkit
printf 'course: %s\nexchange: %s\n' "$COURSE" "$EXCHANGE" > /etc/vigkit/cohort.yaml
chmod 0644 /etc/vigkit/cohort.yaml

# 7. The hub: groups, the server role, where servers find the course; limits and culling.
install -m 0644 deploy/tljh/vigkit_hub_config.py /opt/tljh/config/jupyterhub_config.d/vigkit-course.py
tljh-config set limits.memory 3G
tljh-config set limits.cpu 2
tljh-config set services.cull.timeout 3600
tljh-config reload

echo "vigkit: course $COURSE installed. A supervisor now starts their server and runs:"
echo "  vigkit cohort create $COURSE --exchange $EXCHANGE --supervisor S01 --trainee T01 ... --unix-groups"
