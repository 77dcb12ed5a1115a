"""The database schema (SQLAlchemy 2 declarative rows), private to the store.

Rows never leave :mod:`chitieu.store`: repositories map them to the frozen
dataclasses of :mod:`chitieu.domain`. The Alembic migrations in
``chitieu/store/migrations`` create exactly this schema (a test compares them).

Targets and observations carry a ``source`` key (``doc:<id>:<line>`` for a figure
read from a document, ``user:<name>`` for one typed in): figures of different
sources coexist; the same source writing the same key again updates the row, and
the audit log keeps the value it had.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class UnitRow(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    folded: Mapped[str] = mapped_column(String(255), index=True)
    level: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    folded: Mapped[str] = mapped_column(String(500), index=True)
    issuer: Mapped[str] = mapped_column(String(255), default="")
    number: Mapped[str] = mapped_column(String(64), default="")
    issued: Mapped[dt.date | None] = mapped_column(Date)
    first_year: Mapped[int | None] = mapped_column(Integer)
    last_year: Mapped[int | None] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    public: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class IndicatorRow(Base):
    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("folded", "unit", name="uq_indicators_folded_unit"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    folded: Mapped[str] = mapped_column(String(500))
    unit: Mapped[str] = mapped_column(String(64), default="")
    domain: Mapped[str | None] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(8), default="up")
    aggregation: Mapped[str] = mapped_column(String(8), default="sum")
    status: Mapped[str] = mapped_column(String(16), default="active")


class AliasRow(Base):
    __tablename__ = "indicator_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(500))
    folded: Mapped[str] = mapped_column(String(500), unique=True)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    text: Mapped[str | None] = mapped_column(Text)
    restored_text: Mapped[str | None] = mapped_column(Text)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(128), default="")


class FactRow(Base):
    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(64), default="")
    indicator: Mapped[str] = mapped_column(String(500))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"), index=True)
    indicator_code: Mapped[str | None] = mapped_column(String(64))  # the catalogue code extraction linked
    link_confidence: Mapped[float | None] = mapped_column(Float)
    role: Mapped[str] = mapped_column(String(16))
    op: Mapped[str] = mapped_column(String(8))
    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    of: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(64), default="")
    basis: Mapped[str | None] = mapped_column(String(64))
    period: Mapped[int | None] = mapped_column(Integer)
    period_kind: Mapped[str | None] = mapped_column(String(12))  # extraction's kind (None: the year)
    period_number: Mapped[int | None] = mapped_column(Integer)  # month, quarter, half, ytd's last month
    estimate: Mapped[bool] = mapped_column(Boolean, default=False)
    clause: Mapped[str] = mapped_column(Text, default="")
    review: Mapped[str] = mapped_column(String(16), default="pending")


class TargetRow(Base):
    __tablename__ = "targets"
    __table_args__ = (
        UniqueConstraint(
            "indicator_id",
            "unit_id",
            "period_kind",
            "year",
            "number",
            "measure",
            "source",
            name="uq_targets_key",
        ),
        Index("ix_targets_unit_year", "unit_id", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period_kind: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(String(12), default="value")
    op: Mapped[str] = mapped_column(String(8))
    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    basis: Mapped[str | None] = mapped_column(String(64))
    unit_of_measure: Mapped[str] = mapped_column(String(64), default="")
    source: Mapped[str] = mapped_column(String(128))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    line: Mapped[int | None] = mapped_column(Integer)
    entered_by: Mapped[str | None] = mapped_column(String(128))


class ObservationRow(Base):
    __tablename__ = "observations"
    __table_args__ = (
        UniqueConstraint(
            "indicator_id",
            "unit_id",
            "period_kind",
            "year",
            "number",
            "measure",
            "source",
            name="uq_observations_key",
        ),
        Index("ix_observations_unit_year", "unit_id", "year", "indicator_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period_kind: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(String(12), default="value")
    value: Mapped[float] = mapped_column(Float)
    of: Mapped[float | None] = mapped_column(Float)
    estimate: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(12), default="draft")
    basis: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(128))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    line: Mapped[int | None] = mapped_column(Integer)
    entered_by: Mapped[str | None] = mapped_column(String(128))


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(8))
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


Index("ix_audit_table_row", AuditRow.table_name, AuditRow.row_id)


# ------------------------------------------------------------------ people, access and report texts


class UserRow(Base):
    """A person who signs in to the web app; ``role`` is quan_tri, cap_nhat, phe_duyet or xem."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(255), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class UserUnitRow(Base):
    """The units a user may enter or approve data for."""

    __tablename__ = "user_units"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)


class ApiTokenRow(Base):
    """A token for the REST API; only its hash is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(128), default="")
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class PeriodLockRow(Base):
    """A period closed for data entry (for one unit, or for all when ``unit_id`` is null)."""

    __tablename__ = "period_locks"
    __table_args__ = (UniqueConstraint("unit_id", "period", name="uq_period_lock"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    period: Mapped[str] = mapped_column(String(16))
    locked_by: Mapped[str] = mapped_column(String(128))
    locked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ReportSectionRow(Base):
    """A free-text section of the briefing (hạn chế, nguyên nhân, nhiệm vụ...) for a plan and year."""

    __tablename__ = "report_sections"
    __table_args__ = (UniqueConstraint("plan_id", "year", "unit_id", "key", name="uq_report_section"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    key: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(128), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
