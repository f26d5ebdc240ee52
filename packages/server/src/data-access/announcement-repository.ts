import type { Sequelize } from "sequelize";
import type { components } from "../generated/openapi.js";
import { selectRows } from "./sql.js";

type Announcement = components["schemas"]["Announcement"];

/** Announcements shown in the system section. */
export interface AnnouncementRepository {
  /** Published, not expired at `now`, newest first, at most `limit`. */
  active(now: Date, limit: number): Promise<Announcement[]>;
}

/** Creates the announcements repository. */
export function createAnnouncementRepository(sequelize: Sequelize): AnnouncementRepository {
  return {
    async active(now, limit) {
      const rows = await selectRows<{
        id: string;
        title: string;
        body: string;
        severity: Announcement["severity"];
        href: string | null;
        published_at: Date;
        expires_at: Date | null;
      }>(
        sequelize,
        `SELECT id, title, body, severity, href, published_at, expires_at FROM announcements
          WHERE published_at <= $1 AND (expires_at IS NULL OR expires_at > $1)
          ORDER BY published_at DESC, id LIMIT $2`,
        [now, limit],
      );
      return rows.map((row) => ({
        id: row.id,
        title: row.title,
        body: row.body,
        severity: row.severity,
        publishedAt: row.published_at.toISOString(),
        ...(row.expires_at ? { expiresAt: row.expires_at.toISOString() } : {}),
        ...(row.href ? { href: row.href } : {}),
      }));
    },
  };
}
