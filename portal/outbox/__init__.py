"""The admin's view of the outbox: every e-mail the portal sent or will send (`/admin/outbox`)."""
