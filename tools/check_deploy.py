#!/usr/bin/python3
"""Static checks of deploy/: Docker cannot run in CI, so this reads the files.

Kubernetes manifests (deploy/kubernetes/*.yaml): they parse, and the fields
the deployment relies on are there and agree (kinds, gRPC probes, ports,
resources, selectors matching labels, the HPA's target, the headless
Service). Dockerfile: the build stage runs scripts/setup.sh (the README's
script), the runtime stage copies what the entrypoint needs, runs as
non-root, exposes 50051 and has a health check.

Exit 0 when clean, 1 with one line per problem, 77 (ctest skip) when
python3-yaml is missing outside CI.
"""

import fnmatch
import json
import os
import re
import shlex
import sys

try:
    import yaml
except ImportError:
    print("python3-yaml is not installed (scripts/setup.sh installs it)",
          file=sys.stderr)
    sys.exit(1 if os.environ.get("CI") == "true" else 77)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
K8S = os.path.join(ROOT, "deploy", "kubernetes")
DOCKERFILE = os.path.join(ROOT, "deploy", "Dockerfile")
PORT = 50051
SERVICE = "khabar.v1.ArticleAnalyzerService"
# Runtime package for each -dev package setup.sh installs (Debian 12).
RUNTIME_LIBS = {
    "libgrpc++-dev": "libgrpc++1.51",
    "libprotobuf-dev": "libprotobuf32",
    "libicu-dev": "libicu72",
    "libabsl-dev": "libabsl20220623",
}

problems = []


def problem(where, message):
    problems.append(f"{os.path.relpath(where, ROOT)}: {message}")


def get(obj, *path):
    """obj[path[0]][path[1]]...; None when any step is missing."""
    for key in path:
        if isinstance(obj, dict):
            obj = obj.get(key)
        elif isinstance(obj, list) and isinstance(key, int) and key < len(obj):
            obj = obj[key]
        else:
            return None
    return obj


def quantity(value):
    """A Kubernetes CPU or memory quantity as a float (cores or bytes)."""
    units = {"m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10,
             "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
    match = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(value))
    if not match or (match.group(2) and match.group(2) not in units):
        raise ValueError(f"bad quantity {value!r}")
    return float(match.group(1)) * units.get(match.group(2), 1)


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v
                                  for k, v in selector.items())


# ---- Kubernetes ------------------------------------------------------------

def load_manifests():
    docs = []
    files = sorted(f for f in os.listdir(K8S) if f.endswith((".yaml", ".yml")))
    for name in files:
        path = os.path.join(K8S, name)
        try:
            with open(path, encoding="utf-8") as f:
                loaded = [d for d in yaml.safe_load_all(f) if d is not None]
        except yaml.YAMLError as e:
            problem(path, f"not YAML: {e}")
            continue
        for doc in loaded:
            if not isinstance(doc, dict):
                problem(path, "a document is not a mapping")
                continue
            for field in ("apiVersion", "kind"):
                if not doc.get(field):
                    problem(path, f"no {field}")
            if doc.get("kind") != "Kustomization" and not get(
                    doc, "metadata", "name"):
                problem(path, "no metadata.name")
            docs.append((path, doc))
    return files, docs


def only(docs, kind, api_version):
    found = [(p, d) for p, d in docs if d.get("kind") == kind]
    if len(found) != 1:
        problem(K8S, f"expected one {kind}, found {len(found)}")
        return None, None
    path, doc = found[0]
    if doc.get("apiVersion") != api_version:
        problem(path, f"{kind} apiVersion should be {api_version}")
    return path, doc


def check_deployment(path, deployment, docker_uid):
    spec = deployment.get("spec") or {}
    labels = get(spec, "template", "metadata", "labels") or {}
    if not selects(get(spec, "selector", "matchLabels"), labels):
        problem(path, "spec.selector.matchLabels does not match the pod labels")
    containers = get(spec, "template", "spec", "containers") or []
    if len(containers) != 1:
        problem(path, "expected one container")
        return labels, {}
    c = containers[0]
    ports = {p.get("name"): p.get("containerPort") for p in c.get("ports") or []}
    if PORT not in ports.values():
        problem(path, f"no containerPort {PORT}")
    ready = get(c, "readinessProbe", "grpc") or {}
    if ready.get("port") != PORT or ready.get("service") != SERVICE:
        problem(path, f"readinessProbe must be grpc on {PORT} for {SERVICE}")
    if get(c, "livenessProbe", "grpc", "port") != PORT:
        problem(path, f"livenessProbe must be grpc on port {PORT}")
    resources = c.get("resources") or {}
    for kind in ("cpu", "memory"):
        try:
            request = quantity(get(resources, "requests", kind))
            limit = quantity(get(resources, "limits", kind))
        except ValueError as e:
            problem(path, f"resources {kind}: {e}")
            continue
        if request <= 0 or request > limit:
            problem(path, f"resources {kind}: need 0 < request <= limit")
    # Threads are per node CPU by default; the limit must set them.
    threads = [a for a in c.get("args") or [] if a.startswith("--threads")]
    try:
        cpu_limit = quantity(get(resources, "limits", "cpu"))
        if not threads or int(threads[0].split("=", 1)[1]) > max(1, cpu_limit):
            problem(path, "args need --threads=N with N <= the CPU limit")
    except (ValueError, IndexError):
        problem(path, "args need --threads=N with N <= the CPU limit")
    # Idle streams and vanished clients must not hold slots (issue 15): the
    # idle timeout and keepalive are set explicitly, and on.
    args = dict(a.split("=", 1) for a in c.get("args") or [] if "=" in a)
    for flag in ("--stream-idle-timeout-ms", "--keepalive-time-ms",
                 "--keepalive-timeout-ms",
                 "--keepalive-min-ping-interval-ms"):
        value = args.get(flag, "")
        if not value.isdigit() or int(value) <= 0:
            problem(path, f"args need {flag}=N with N > 0")
    if args.get("--keepalive-permit-without-calls") not in ("on", "off"):
        problem(path, "args need --keepalive-permit-without-calls=on|off")
    pod_security = get(spec, "template", "spec", "securityContext") or {}
    if pod_security.get("runAsNonRoot") is not True:
        problem(path, "pod securityContext.runAsNonRoot must be true")
    if docker_uid is not None and pod_security.get("runAsUser") != docker_uid:
        problem(path, f"runAsUser should be the image's uid {docker_uid}")
    return labels, ports


def check_kubernetes(docker_uid):
    files, docs = load_manifests()
    dpath, deployment = only(docs, "Deployment", "apps/v1")
    labels, ports = ({}, {})
    if deployment:
        labels, ports = check_deployment(dpath, deployment, docker_uid)
    name = get(deployment, "metadata", "name")

    spath, service = only(docs, "Service", "v1")
    if service:
        spec = service.get("spec") or {}
        if spec.get("clusterIP") != "None":
            problem(spath, "Service must be headless (clusterIP: None)")
        if not selects(spec.get("selector"), labels):
            problem(spath, "Service selector does not match the pod labels")
        sports = spec.get("ports") or []
        if not any(p.get("port") == PORT and
                   (p.get("targetPort") in ports or
                    p.get("targetPort") in ports.values())
                   for p in sports):
            problem(spath, f"no port {PORT} targeting the container's port")

    hpath, hpa = only(docs, "HorizontalPodAutoscaler", "autoscaling/v2")
    if hpa:
        spec = hpa.get("spec") or {}
        target = spec.get("scaleTargetRef") or {}
        if target.get("kind") != "Deployment" or target.get("name") != name:
            problem(hpath, "scaleTargetRef must name the Deployment")
        if not (1 <= (spec.get("minReplicas") or 0) <= (spec.get("maxReplicas") or 0)):
            problem(hpath, "need 1 <= minReplicas <= maxReplicas")
        if not any(get(m, "resource", "name") == "cpu"
                   for m in spec.get("metrics") or []):
            problem(hpath, "no cpu metric")

    for path, doc in docs:
        if doc.get("kind") == "PodDisruptionBudget" and not selects(
                get(doc, "spec", "selector", "matchLabels"), labels):
            problem(path, "PodDisruptionBudget selector does not match the pods")
        if doc.get("kind") == "Kustomization":
            listed = set(doc.get("resources") or [])
            wanted = {f for f in files if f != os.path.basename(path)}
            if listed != wanted:
                problem(path, f"resources {sorted(listed)} != files {sorted(wanted)}")


# ---- Dockerfile ------------------------------------------------------------

def dockerfile_instructions():
    """[(INSTRUCTION, arguments)] with continuations joined, comments gone."""
    with open(DOCKERFILE, encoding="utf-8") as f:
        lines = f.read().splitlines()
    out, current = [], ""
    for line in lines:
        if line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current += line
        if current.strip():
            word, _, rest = current.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
        current = ""
    return out


def exec_form(args):
    try:
        value = json.loads(args)
        return value if isinstance(value, list) else None
    except json.JSONDecodeError:
        return None


def check_dockerfile():
    """Checks deploy/Dockerfile; returns the runtime user's uid or None."""
    stages = []  # [{"from":..., "name":..., "steps": [(instr, args)]}]
    for instr, args in dockerfile_instructions():
        if instr == "FROM":
            words = args.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append({"from": words[0], "name": name, "steps": []})
        elif stages:
            stages[-1]["steps"].append((instr, args))
    if len(stages) < 2:
        problem(DOCKERFILE, "expected a multi-stage build")
        return None
    build, runtime = stages[0], stages[-1]
    for stage in stages:
        if not stage["from"].startswith("debian:bookworm"):
            problem(DOCKERFILE, f"stage {stage['from']} is not Debian 12")

    # The build stage: the README's setup script, on the whole repository.
    runs = [a for i, a in build["steps"] if i == "RUN"]
    if not any(re.search(r"(^|[\s/;&])(\./)?scripts/setup\.sh\b", r) for r in runs):
        problem(DOCKERFILE, "the build stage does not run scripts/setup.sh")
    if not any(i == "COPY" and a.split()[0] == "." for i, a in build["steps"]):
        problem(DOCKERFILE, "the build stage does not COPY the repository")
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        if "scripts/setup.sh" not in f.read():
            problem(DOCKERFILE, "README.md no longer names scripts/setup.sh")
    with open(os.path.join(ROOT, "scripts", "setup.sh"), encoding="utf-8") as f:
        setup = f.read()
    if "-B build" not in setup:
        problem(DOCKERFILE, "scripts/setup.sh no longer builds into build/")

    # The runtime stage: libraries, binaries, models, user, port, probe.
    steps = runtime["steps"]
    runtime_runs = " ".join(a for i, a in steps if i == "RUN")
    for dev, lib in RUNTIME_LIBS.items():
        if re.search(rf"(^|\s){re.escape(dev)}(\s|\)|$)", setup) and \
                lib not in runtime_runs.split():
            problem(DOCKERFILE, f"runtime stage lacks {lib} (for {dev})")
    copies = {}  # destination -> sources, for COPY --from=<build stage>
    build_ref = build["name"] or "0"
    for instr, args in steps:
        words = shlex.split(args)
        if instr == "COPY" and words and words[0] == f"--from={build_ref}":
            copies[words[-1]] = words[1:-1]
    sources = [s for srcs in copies.values() for s in srcs]
    for binary in ("khabar-server", "khabar-client"):
        if f"/src/build/bin/{binary}" not in sources and not any(
                s.endswith(f"build/bin/{binary}") for s in sources):
            problem(DOCKERFILE, f"runtime stage does not copy {binary}")
    user = [a for i, a in steps if i == "USER"]
    uid = None
    if not user or user[-1].split(":")[0] in ("0", "root"):
        problem(DOCKERFILE, "runtime stage must end with a non-root USER")
    elif user[-1].split(":")[0].isdigit():
        uid = int(user[-1].split(":")[0])
    if not any(i == "EXPOSE" and str(PORT) in a.split() for i, a in steps):
        problem(DOCKERFILE, f"runtime stage does not EXPOSE {PORT}")
    health = [a for i, a in steps if i == "HEALTHCHECK"]
    if not health or "khabar-client" not in health[-1] or "health" not in health[-1]:
        problem(DOCKERFILE, "no HEALTHCHECK with khabar-client health")
    entry = [exec_form(a) for i, a in steps if i == "ENTRYPOINT"]
    entry = entry[-1] if entry else None
    if not entry or entry[0] != "khabar-server":
        problem(DOCKERFILE, "ENTRYPOINT must be khabar-server in exec form")
        return uid
    flags = dict(zip(entry[1::2], entry[2::2]))
    if flags.get("--listen") != f"0.0.0.0:{PORT}":
        problem(DOCKERFILE, f"ENTRYPOINT must --listen 0.0.0.0:{PORT}")
    with open(os.path.join(ROOT, "service", "main.cc"), encoding="utf-8") as f:
        server_help = f.read()
    for flag in flags:
        if f"  {flag} " not in server_help:
            problem(DOCKERFILE, f"khabar-server has no flag {flag}")
    # Every file the entrypoint names must come from a COPY of the repo.
    for flag, value in flags.items():
        if not value.startswith("/app/"):
            continue
        found = False
        for dest, srcs in copies.items():
            if value.startswith(dest.rstrip("/") + "/"):
                for src in srcs:
                    rel = os.path.relpath(value, dest.rstrip("/"))
                    repo_path = os.path.join(src.replace("/src/", "", 1), rel)
                    found = found or os.path.exists(os.path.join(ROOT, repo_path))
        if not found:
            problem(DOCKERFILE, f"{flag} {value} is not copied from the repository")

    # The build context must still hold what setup.sh builds from.
    ignore = os.path.join(ROOT, "deploy", "Dockerfile.dockerignore")
    if os.path.exists(ignore):
        with open(ignore, encoding="utf-8") as f:
            patterns = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        for needed in ("CMakeLists.txt", "scripts/setup.sh", "models/lexicon.tsv",
                       "proto/khabar/v1/analyzer.proto", "core", "service", "client"):
            if any(fnmatch.fnmatch(needed, p) or needed.startswith(p.rstrip("/") + "/")
                   for p in patterns):
                problem(ignore, f"excludes {needed}, which the build needs")
    return uid


def main():
    uid = check_dockerfile()
    check_kubernetes(uid)
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print("deploy: Dockerfile and Kubernetes manifests OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
