/** An error message announced to screen readers, with an optional retry button. */
export function ErrorBanner(props: { message: string; title?: string; onRetry?: () => void }) {
  return (
    <div className="banner banner-error" role="alert">
      <div>
        {props.title ? <strong>{props.title}: </strong> : null}
        <span className="pre-wrap">{props.message}</span>
      </div>
      {props.onRetry ? (
        <button type="button" className="button button-small" onClick={props.onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
