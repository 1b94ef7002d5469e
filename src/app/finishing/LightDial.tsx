/**
 * A small plan view of the light: the floor seen from above (top = behind the subject, bottom = the
 * camera), the sun at the light's azimuth and the shadow falling the other way, longer as the light gets
 * lower (length ∝ 1 / tan(elevation), as on a real floor). Decorative: the sliders carry the values.
 */
export function LightDial({ angle, elevation }: { angle: number; elevation: number }) {
  const a = (angle * Math.PI) / 180;
  const e = (Math.min(90, Math.max(5, elevation)) * Math.PI) / 180;
  const sun = { x: 20 + 15 * Math.sin(a), y: 20 - 15 * Math.cos(a) };
  const length = Math.min(15, 4 / Math.tan(e) + 1.5);
  const tip = { x: 20 - length * Math.sin(a), y: 20 + length * Math.cos(a) };
  return (
    <svg className="fin-dial" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true">
      <circle cx="20" cy="20" r="17" className="fin-dial-floor" />
      <line x1="20" y1="20" x2={tip.x} y2={tip.y} className="fin-dial-shadow" />
      <circle cx="20" cy="20" r="3" className="fin-dial-subject" />
      <circle cx={sun.x} cy={sun.y} r="3.5" className="fin-dial-sun" />
    </svg>
  );
}
