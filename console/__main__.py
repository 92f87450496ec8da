"""`python -m console create-staff | set-password | retention | index`: the console's
admin commands. The console itself starts as `python -m clinic_assistant serve console`."""
from __future__ import annotations

import argparse
import getpass
import logging
import sys

import sqlalchemy as sa

from console import auth, indexer, retention
from console.db import create_tables, make_engine, staff
from console.settings import ConsoleSettings


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (at least 12 characters): ")
    if first != getpass.getpass("Again: "):
        sys.exit("The passwords differ.")
    return first


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m console", description="The clinic's staff console.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-staff", help="create a staff account (there is no default one)")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--role", choices=auth.ROLES, default="staff")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    reset = commands.add_parser("set-password", help="set a staff member's password (unlocks the account)")
    reset.add_argument("--email", required=True)
    reset.add_argument("--password-stdin", action="store_true")
    commands.add_parser("retention", help="delete conversations older than the retention period")
    commands.add_parser("index", help="index new conversations now")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    settings = ConsoleSettings.from_env()
    engine = make_engine(settings.db_url)
    create_tables(engine)
    if args.command == "create-staff":
        try:
            member = auth.create_staff(engine, args.email, args.name, _password(args), args.role)
        except auth.AccountError as error:
            sys.exit(str(error))
        print(f"Created {member.role} account {member.email}.")
    elif args.command == "set-password":
        with engine.connect() as connection:
            staff_id = connection.execute(sa.select(staff.c.id).where(staff.c.email == args.email.strip().lower())).scalar()
        if staff_id is None:
            sys.exit(f"No account {args.email}.")
        try:
            auth.set_password(engine, staff_id, _password(args))
        except auth.AccountError as error:
            sys.exit(str(error))
        print(f"Password set for {args.email}.")
    elif args.command == "retention":
        print(f"Deleted {retention.delete_expired(engine, 'retention command')} conversations.")
    elif args.command == "index":
        print(f"Indexed {indexer.index_new_events(engine)} events.")


if __name__ == "__main__":
    main()
