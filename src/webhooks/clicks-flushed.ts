/**
 * The `clicks.flushed` event's data: what one flush pass counted, per link. Only counts, like the
 * analytics a free page keeps (docs/contract.md#privacy-promises): no country or referrer leaves in a webhook.
 */
export function clicksFlushedData(
  page: { slug: string; links: readonly { id: string; title: string }[] },
  groups: readonly { link_id: string; clicks: number }[],
) {
  const perLink = new Map<string, number>();
  for (const g of groups) perLink.set(g.link_id, (perLink.get(g.link_id) ?? 0) + g.clicks);
  const titles = new Map(page.links.map((l) => [l.id, l.title]));
  return {
    slug: page.slug,
    clicks: [...perLink.values()].reduce((a, b) => a + b, 0),
    links: [...perLink].map(([linkId, clicks]) => ({ linkId, title: titles.get(linkId) ?? null, clicks })),
  };
}
