import { CERTIFICATE_MONTHS } from "../lib/certificate-months.js";
import { Field } from "../components/field.js";

/** "Certificate Expiration": months until the certificate expires, 1 to 24. */
export function CertificateMonthsSelect(props: { value: number; onChange: (months: number) => void }) {
  return (
    <Field label="Certificate expiration" inline>
{(id) => (
<select id={id} value={props.value} onChange={(e) => props.onChange(Number(e.target.value))}>
        {CERTIFICATE_MONTHS.map((m) => (
          <option key={m} value={m}>
            {m} {m === 1 ? "month" : "months"}
          </option>
        ))}
      </select>
)}
</Field>
  );
}
