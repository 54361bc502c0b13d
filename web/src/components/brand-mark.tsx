/** certgate's logo and name. */
export function BrandMark() {
  return (
    <span className="brand">
      <img src="/favicon.svg" alt="" width={24} height={24} />
      <span className="brand-name">certgate</span>
    </span>
  );
}
