/** A UTC time, readable without JavaScript; dash-pro.js rewrites it in the viewer's own time zone. */
export function LocalTime(p: { iso: string; seconds?: boolean }) {
  const d = new Date(p.iso);
  const text = Number.isNaN(d.getTime()) ? p.iso : d.toISOString().slice(0, p.seconds ? 19 : 16).replace("T", " ") + " UTC";
  return (
    <time datetime={p.iso} data-local-time={p.seconds ? "seconds" : "minutes"}>
      {text}
    </time>
  );
}
