import type { Metadata } from "next";

import { AdminExport } from "@/components/admin-export";
import { AdminJobs } from "@/components/admin-jobs";
import { AdminUsers } from "@/components/admin-users";
import { requireAdmin } from "@/server/viewer";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await requireAdmin("/admin");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">Admin</h1>
        <p className="mt-1 text-ink-muted">
          Change who is an admin, watch the background jobs, export the posts. Admins can also edit or delete any post
          or comment, from the post’s page.
        </p>
      </div>
      <AdminUsers />
      <AdminJobs />
      <AdminExport />
    </div>
  );
}
