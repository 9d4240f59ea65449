"""Who may call which view, declared on the view and enforced in one place.

Every view declares its access with one of the decorators below; they only annotate the view
function (no wrapper), so their order does not matter, and the IDOR/access matrix in
tests/security reads the same declaration from the URL map. A view with no declaration is treated
as `login_required` (deny by default) and fails the matrix test.

    @bp.get("/documents/<int:document_id>")
    @vendor_object("document", "document_id")     # owner or staff; other vendors get 404
    def document(document_id): ...

    @bp.post("/review/documents/<int:document_id>/approve")
    @staff_required
    @vendor_object("document", "document_id")
    def approve(document_id): ...

Services never read the request: they take a `Principal` and scope their queries with
`tenant_filter` / `get_for_principal` (portal.auth.tenancy).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from flask import g

# What a signed-in person is, for access decisions. "pending": signed in, but neither a member of
# a vendor organisation nor staff (waiting for an admin to approve an access request).
KINDS = ("vendor", "pending", "reviewer", "admin")
STAFF = frozenset({"reviewer", "admin"})
TENANT_MEMBERS = frozenset({"vendor", "reviewer", "admin"})


@dataclass(frozen=True)
class Principal:
    user_id: int
    kind: str
    vendor_id: int | None
    issuer: str
    subject: str
    email: str | None = None
    name: str | None = None
    session_id: int | None = None

    @property
    def is_staff(self) -> bool:
        return self.kind in STAFF

    @property
    def is_admin(self) -> bool:
        return self.kind == "admin"

    @property
    def is_vendor(self) -> bool:
        return self.kind == "vendor"

    @property
    def display_name(self) -> str:
        return self.name or self.email or self.subject


@dataclass(frozen=True)
class ObjectArg:
    kind: str
    arg: str


@dataclass(frozen=True)
class AccessPolicy:
    public: bool = False
    # Principal kinds allowed; None means any signed-in person (including pending ones).
    kinds: frozenset[str] | None = None
    objects: tuple[ObjectArg, ...] = field(default_factory=tuple)
    reason: str = ""

    def allows_kind(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


ATTRIBUTE = "__portal_access__"
DEFAULT_POLICY = AccessPolicy()

F = TypeVar("F", bound=Callable[..., Any])


def policy_of(view: Callable[..., Any] | None) -> AccessPolicy | None:
    """The declared policy of a view function, or None when it declares nothing."""
    return getattr(view, ATTRIBUTE, None) if view is not None else None


def _declare(view: F, **changes: Any) -> F:
    current = policy_of(view) or AccessPolicy()
    if "kinds" in changes and current.kinds is not None:
        # Declarations only ever narrow: stacking decorators never widens access.
        new = changes["kinds"]
        changes["kinds"] = current.kinds if new is None else current.kinds & new
    if "objects" in changes:
        changes["objects"] = current.objects + changes["objects"]
    setattr(view, ATTRIBUTE, replace(current, **changes))
    return view


def public(reason: str) -> Callable[[F], F]:
    """Open to anyone, signed in or not; say why (it shows in the access matrix)."""

    def decorate(view: F) -> F:
        return _declare(view, public=True, reason=reason)

    return decorate


def login_required(view: F) -> F:
    """Any signed-in person, including one whose access request is still pending."""
    return _declare(view, kinds=None)


def role_required(*kinds: str) -> Callable[[F], F]:
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def decorate(view: F) -> F:
        return _declare(view, kinds=frozenset(kinds))

    return decorate


def staff_required(view: F) -> F:
    """Reviewers and admins."""
    return _declare(view, kinds=STAFF)


def admin_required(view: F) -> F:
    return _declare(view, kinds=frozenset({"admin"}))


def vendor_required(view: F) -> F:
    """Members of a vendor organisation (not staff, not pending)."""
    return _declare(view, kinds=frozenset({"vendor"}))


def vendor_object(kind: str, arg: str | None = None) -> Callable[[F], F]:
    """The view addresses an object of `kind` by the URL argument `arg` (default `<kind>_id`).

    A vendor user may reach it only when the object belongs to their organisation (otherwise
    404, as if it did not exist); staff may reach any. Unless another decorator narrows it, the
    view is open to vendor members and staff.
    """
    object_arg = ObjectArg(kind, arg or f"{kind}_id")

    def decorate(view: F) -> F:
        current = policy_of(view)
        if current is None or current.kinds is None:
            view = _declare(view, kinds=TENANT_MEMBERS)
        return _declare(view, objects=(object_arg,))

    return decorate


def current_principal() -> Principal | None:
    """The signed-in person of this request, or None."""
    principal: Principal | None = g.get("principal")
    return principal


def rate_key() -> str:
    """Rate-limit key of the caller: their vendor (uploads count per organisation), else user."""
    from flask import request

    principal = current_principal()
    if principal is None:
        return f"ip:{request.remote_addr}"
    if principal.vendor_id is not None:
        return f"vendor:{principal.vendor_id}"
    return f"user:{principal.user_id}"


def require_principal() -> Principal:
    principal = current_principal()
    if principal is None:
        raise RuntimeError("no signed-in user (is the view declared login_required?)")
    return principal
