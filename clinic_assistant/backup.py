"""Backups of the clinic's PostgreSQL database: `make backup` / `make restore`.

The database holds everything worth keeping: the conversations (Rasa's
`events`), the handoff tickets (`handoff_tickets`) and the staff console's
tables (`console_*`: staff accounts, conversations index, tags, corrections,
audit log, settings). A backup is one `pg_dump --format=custom` file of that
database, written under a temporary name and renamed only once complete and
readable (`pg_restore --list` must find those tables), so a crash never
leaves a half backup that looks whole. The newest `--keep` files are kept.

    python3 -m clinic_assistant.backup backup  --url postgresql://user@host/clinic [--dir var/backups] [--keep 14]
    python3 -m clinic_assistant.backup backup  --container clinic_postgres_1      (pg_dump inside the container)
    python3 -m clinic_assistant.backup restore --url ... [FILE]                   (default: the newest backup)
    python3 -m clinic_assistant.backup list

`restore` creates the database when it is missing, then replaces every table
of the backup in one transaction (`pg_restore --clean --if-exists
--single-transaction`): either the whole backup is restored or nothing
changes. Stop the servers that write to the database first (`make restore`
does). The password of a `--url` goes to the tools through PGPASSWORD, never
on a command line; in a container the tools connect over the local socket.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import List, Optional
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / "var" / "backups"
PREFIX = "clinic-"
SUFFIX = ".dump"
# What a backup must contain to be kept (console tables are created on the console's first start).
REQUIRED_TABLES = ("events", "handoff_tickets", "console_staff")


class BackupError(RuntimeError):
    pass


class Target:
    """Where pg_dump and pg_restore run: on this host against a URL, or inside the PostgreSQL container."""

    def __init__(self, url: str = "", container: str = "", user: str = "clinic", database: str = "clinic",
                 engine: str = "podman") -> None:
        self.url, self.container, self.engine = url, container, engine
        if url:
            parts = urlsplit(url.replace("postgresql+psycopg2://", "postgresql://"))
            self.user = unquote(parts.username or "")
            self.password = unquote(parts.password or "")
            self.host, self.port = parts.hostname or "", str(parts.port or 5432)
            self.database = parts.path.lstrip("/") or "postgres"
        elif container:
            self.user, self.password, self.host, self.port, self.database = user, "", "", "", database
        else:
            raise BackupError("give --url or --container")

    def command(self, tool: str, *args: str, database: Optional[str] = None) -> List[str]:
        connection = ["--username", self.user] if self.user else []
        if self.host:
            connection += ["--host", self.host, "--port", self.port]
        full = [tool, *connection, *args, "--dbname", database or self.database]
        if self.container:
            return [self.engine, "exec", "-i", self.container, *full]
        return full

    def environment(self) -> dict:
        environment = dict(os.environ)
        if self.password:
            environment["PGPASSWORD"] = self.password
        return environment

    def run(self, tool: str, *args: str, database: Optional[str] = None, **kwargs) -> subprocess.CompletedProcess:
        result = subprocess.run(self.command(tool, *args, database=database), env=self.environment(),
                                capture_output=True, **kwargs)
        if result.returncode != 0:
            error = result.stderr.decode(errors="replace") if isinstance(result.stderr, bytes) else result.stderr
            raise BackupError(f"{tool} failed: {error.strip()[-2000:]}")
        return result


def backups(directory: Path) -> List[Path]:
    """Oldest first (the names sort by time)."""
    return sorted(directory.glob(f"{PREFIX}*{SUFFIX}"))


def tables_in(path: Path, target: Optional[Target] = None) -> List[str]:
    """The tables of a backup (pg_restore --list; inside the container for a container target)."""
    command = ["pg_restore", "--list"]
    if target is not None and target.container:
        command = [target.engine, "exec", "-i", target.container, *command]
    with open(path, "rb") as archive:
        listing = subprocess.run(command, stdin=archive, capture_output=True, check=False)
    listing.stdout, listing.stderr = listing.stdout.decode(errors="replace"), listing.stderr.decode(errors="replace")
    if listing.returncode != 0:
        raise BackupError(f"{path.name} is not a readable backup: {listing.stderr.strip()}")
    return sorted({match.group(1) for match in re.finditer(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing.stdout, re.MULTILINE)})


def backup(target: Target, directory: Path, keep: int, now: Optional[dt.datetime] = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%S%fZ")
    final = directory / f"{PREFIX}{stamp}{SUFFIX}"
    partial = final.with_suffix(".partial")
    try:
        with open(partial, "wb") as out:
            os.chmod(partial, 0o600)  # conversations and password hashes
            command = target.command("pg_dump", "--format=custom", "--no-owner", "--no-privileges")
            result = subprocess.run(command, env=target.environment(), stdout=out, stderr=subprocess.PIPE)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.decode(errors='replace').strip()[-2000:]}")
        missing = [table for table in REQUIRED_TABLES if table not in tables_in(partial, target)]
        if missing:
            raise BackupError(f"the backup lacks {', '.join(missing)}: is {target.database} the clinic's database?")
        partial.rename(final)
    finally:
        partial.unlink(missing_ok=True)
    for old in backups(directory)[:-keep] if keep > 0 else []:
        old.unlink()
    return final


def restore(target: Target, path: Path) -> None:
    tables_in(path, target)  # readable before anything is touched
    if target.url:
        exists = target.run("psql", "--tuples-only", "--no-align", "--command",
                            f"SELECT 1 FROM pg_database WHERE datname = '{target.database}'",
                            database="postgres", text=True).stdout.strip()
        if not exists:
            target.run("psql", "--command", f'CREATE DATABASE "{target.database}"', database="postgres")
    with open(path, "rb") as archive:
        command = target.command("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                                 "--single-transaction", "--exit-on-error")
        result = subprocess.run(command, env=target.environment(), stdin=archive, capture_output=True)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed (nothing was changed): {result.stderr.decode(errors='replace').strip()[-2000:]}")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("backup", "restore", "list"))
    parser.add_argument("file", nargs="?", help="restore: the backup file (default: the newest)")
    parser.add_argument("--url", default=os.environ.get("BACKUP_DATABASE_URL", ""),
                        help="the database, postgresql://user:password@host:port/name")
    parser.add_argument("--container", default="", help="the PostgreSQL container (pg_dump runs in it)")
    parser.add_argument("--user", default="clinic")
    parser.add_argument("--database", default="clinic")
    parser.add_argument("--engine", default="podman", help="podman or docker, for --container")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--keep", type=int, default=14, help="how many backups to keep (the newest)")
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            for path in backups(args.dir):
                print(f"{path}  {path.stat().st_size} bytes")
            return 0
        target = Target(args.url, args.container, args.user, args.database, args.engine)
        if args.command == "backup":
            path = backup(target, args.dir, args.keep)
            print(f"Backed up {target.database} to {path} ({path.stat().st_size} bytes; "
                  f"{len(backups(args.dir))} backups kept, at most {args.keep})")
        else:
            path = Path(args.file) if args.file else (backups(args.dir) or [None])[-1]
            if path is None:
                raise BackupError(f"no backup in {args.dir}")
            restore(target, path)
            print(f"Restored {target.database} from {path}")
    except BackupError as error:
        print(f"backup: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
