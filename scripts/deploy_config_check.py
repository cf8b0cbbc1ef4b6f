"""Runs `taskstream check-config` on what each rendered Deployment would start with: its
config file (from the chart's ConfigMap), the image's ENV under its own environment, and
placeholder URLs for the
Secrets the platform provides. So a chart that renders a key the binary refuses, or leaves a
role without a way to reach the others, fails here instead of in a rollout.

Usage: deploy_config_check.py TASKSTREAM_BINARY RENDERED.yaml
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

PLACEHOLDER_SECRETS = {
    "TASKSTREAM_DATABASE_URL": "postgres://taskstream:secret@postgres:5432/taskstream",
    "TASKSTREAM_REDIS_URL": "rediss://:secret@redis:6379",
}


def dockerfile_env(path="Dockerfile"):
    """The ENV of the Dockerfile's last stage: what every container starts with."""
    text = open(path).read().replace("\\\n", " ")
    stages = re.split(r"(?m)^FROM\s", text)
    env = {}
    for line in stages[-1].splitlines():
        if line.startswith("ENV "):
            for name, value in re.findall(r"(\w+)=(\S+)", line[4:]):
                env[name] = value
    return env


def main(binary, rendered):
    image_env = dockerfile_env()
    objects = [o for o in yaml.safe_load_all(open(rendered)) if o]
    files = {}
    for o in objects:
        if o["kind"] == "ConfigMap":
            for key, text in o.get("data", {}).items():
                files[(o["metadata"]["name"], key)] = text
    checked = 0
    for o in objects:
        if o["kind"] != "Deployment":
            continue
        pod = o["spec"]["template"]["spec"]
        mounts, secret_volumes = {}, set()
        for volume in pod.get("volumes", []):
            if "configMap" in volume:
                mounts[volume["name"]] = volume["configMap"]["name"]
            if "secret" in volume:
                secret_volumes.add(volume["name"])
        for container in pod["containers"]:
            args = container["args"]
            assert args[:2] == ["serve", "--services"], args
            # The image's ENV first: the container's own variables replace it.
            env = {"PATH": os.environ["PATH"], **image_env}
            for var in container.get("env", []):
                if "value" in var:
                    env[var["name"]] = var["value"]
                elif var["name"] in PLACEHOLDER_SECRETS:
                    env[var["name"]] = PLACEHOLDER_SECRETS[var["name"]]
                else:
                    sys.exit(f"{o['metadata']['name']}: no placeholder for {var['name']}")
            with tempfile.TemporaryDirectory() as scratch:
                config = None
                # Mounted Secrets (TLS pairs) become placeholder files under the scratch dir,
                # since the binary checks that configured files exist.
                secret_dirs = {}
                for mount in container.get("volumeMounts", []):
                    if mount["name"] in mounts and mount["mountPath"] == env.get("TASKSTREAM_CONFIG"):
                        config = files[(mounts[mount["name"]], mount["subPath"])]
                    if mount["name"] in secret_volumes:
                        local = scratch + mount["mountPath"]
                        os.makedirs(local)
                        for key in ("tls.crt", "tls.key"):
                            open(os.path.join(local, key), "w").close()
                        secret_dirs[mount["mountPath"]] = local
                for mounted, local in secret_dirs.items():
                    for name, value in env.items():
                        env[name] = value.replace(mounted + "/", local + "/")
                if config is not None:
                    for mounted, local in secret_dirs.items():
                        config = config.replace(mounted + "/", local + "/")
                    path = os.path.join(scratch, "taskstream.toml")
                    with open(path, "w") as out:
                        out.write(config)
                    env["TASKSTREAM_CONFIG"] = path
                if env.get("TASKSTREAM_CONFIG", "").startswith("/etc/"):
                    sys.exit(f"{o['metadata']['name']}: TASKSTREAM_CONFIG is not mounted from a ConfigMap")
                run = subprocess.run([binary, "check-config", *args[1:]], env=env, capture_output=True, text=True)
            name = o["metadata"]["name"]
            if run.returncode != 0:
                sys.exit(f"{name}: {run.stderr.strip()}")
            print(f"  {name}: {run.stdout.strip()}")
            checked += 1
    if checked == 0:
        sys.exit("no Deployment rendered")


if __name__ == "__main__":
    main(*sys.argv[1:])
