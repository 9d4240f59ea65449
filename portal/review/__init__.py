"""The reviewer's workbench: the queue, claims, field review, decisions and page images."""
