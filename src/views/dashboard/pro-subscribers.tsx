import type { SubscriberPage } from "../../routes/dashboard/pro-data";
import { LocalTime } from "./time";

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** Subscribers newest first, a screen at a time, with removal (confirmed) and the API's CSV download. */
export function SubscribersCard(p: { slug: string; page: SubscriberPage; query: { before?: string; after?: string }; formOn: boolean }) {
  const s = p.page;
  const base = `/dashboard/pages/${p.slug}/pro`;
  const last = s.first + s.rows.length - 1;
  return (
    <section class="card" aria-labelledby="subs-h" id="subscribers">
      <div class="card-head card-head-wrap">
        <h2 id="subs-h">
          Subscribers <span class="count" data-subscriber-count>{s.total.toLocaleString("en-US")}</span>
        </h2>
        {s.total > 0 ? (
          <a class="btn btn-sm" href={`/api/v1/pages/${p.slug}/subscribers?format=csv`} download={`${p.slug}-subscribers.csv`}>
            <span aria-hidden="true">⤓</span> Download CSV<span class="sr-only"> of all {plural(s.total, "subscriber", "subscribers")}</span>
          </a>
        ) : null}
      </div>
      <p class="muted">Addresses left on your page's form. They are yours alone: shared with no one, used for nothing else.</p>
      {s.rows.length ? (
        <>
          <table class="subs">
            <caption class="sr-only">Subscribers {s.first} to {last} of {s.total}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Subscribed</th>
                <th scope="col"><span class="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {s.rows.map((r) => (
                <tr>
                  <td class="wrap">
                    {r.email}
                    {/* Phones hide the date column; the date shows under the address instead. */}
                    <span class="sub-when" aria-hidden="true"><LocalTime iso={r.createdAt} /></span>
                  </td>
                  <td class="nowrap"><LocalTime iso={r.createdAt} /></td>
                  <td class="num">
                    <form method="post" action={`${base}/subscribers/remove`} data-confirm-dialog={`Remove ${r.email}? The address is deleted at once; this cannot be undone.`} data-confirm-label="Remove">
                      <input type="hidden" name="email" value={r.email} />
                      {p.query.before ? <input type="hidden" name="before" value={p.query.before} /> : null}
                      {p.query.after ? <input type="hidden" name="after" value={p.query.after} /> : null}
                      <input type="hidden" name="confirm" value="" />
                      <button type="submit" class="btn btn-sm btn-danger-ghost">Remove<span class="sr-only"> {r.email}</span></button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="Subscriber pages" hidden={!s.newer && !s.older}>
            {s.newer ? <a class="btn btn-sm" href={`${base}?after=${s.newer}#subscribers`} rel="prev"><span aria-hidden="true">←</span> Newer</a> : <span></span>}
            <span class="muted pager-pos">{s.first}–{last} of {s.total.toLocaleString("en-US")}</span>
            {s.older ? <a class="btn btn-sm" href={`${base}?before=${s.older}#subscribers`} rel="next">Older <span aria-hidden="true">→</span></a> : <span></span>}
          </nav>
        </>
      ) : (
        <p class="empty-note">{p.formOn ? "No one has signed up yet. New signups appear here, newest first (with confirmation on, once they confirm)." : "No subscribers. Switch the form on above to start collecting addresses."}</p>
      )}
    </section>
  );
}
