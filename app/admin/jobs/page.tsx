import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/sessions/current-user";
import { FAILURES_SHOWN, getJobsOverview, JOB_STATES } from "@/lib/jobs/admin";
import { LocalTime } from "@/app/_components/local-time";
import { RetryButton } from "./retry-button";

export const metadata: Metadata = { title: "Jobs" };
export const dynamic = "force-dynamic";

export default async function AdminJobsPage() {
  await requirePageAccess("admin", "/admin/jobs");
  const overview = await getJobsOverview();
  return (
    <main>
      <h1>Jobs</h1>
      <p>Work done after a response (e-mail). Failed jobs are retried with growing delays; after the last attempt they stay here as failed.</p>
      {/* Seven state columns do not fit a phone: the table scrolls in its own box (focusable, so a keyboard can scroll it). */}
      <div className="table-scroll" role="region" aria-label="Jobs by queue and state" tabIndex={0}>
        <table data-testid="job-counts">
          <caption>Jobs by queue and state</caption>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              {JOB_STATES.map((state) => (
                <th scope="col" key={state}>
                  {state}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {overview.queues.map((queue) => (
              <tr key={queue.name}>
                <th scope="row">{queue.name}</th>
                {JOB_STATES.map((state) => (
                  <td key={state} data-testid={`count-${queue.name}-${state}`}>
                    {queue.counts[state]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Failed jobs</h2>
      {overview.failures.length === 0 ? (
        <p data-testid="no-failures">No failed jobs.</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Failed jobs" tabIndex={0}>
          <table data-testid="job-failures">
            <caption>The last {FAILURES_SHOWN} jobs that failed for good, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Queue</th>
                <th scope="col">Attempts</th>
                <th scope="col">Error</th>
                <th scope="col">Failed at</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.failures.map((job) => (
                <tr key={job.id} data-testid={`failed-${job.id}`}>
                  <td>
                    <code>{job.id}</code>
                  </td>
                  <td>{job.queue}</td>
                  <td>{job.attempts}</td>
                  <td>{job.error}</td>
                  <td>{job.failedAt ? <LocalTime iso={job.failedAt} /> : ""}</td>
                  <td>
                    <RetryButton id={job.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
