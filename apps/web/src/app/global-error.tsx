"use client";

// Replaces the root layout when the layout itself fails (e.g. the database is unreachable),
// so it brings its own document and minimal inline styles.
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body
        style={{
          fontFamily: "system-ui, sans-serif",
          display: "grid",
          placeItems: "center",
          minHeight: "100vh",
          margin: 0,
        }}
      >
        <title>Something went wrong · Trellis</title>
        <main style={{ textAlign: "center", padding: "2rem" }}>
          <h1 style={{ fontSize: "1.5rem", margin: 0 }}>Something went wrong</h1>
          <p style={{ color: "#5f615b" }}>Trellis couldn’t load. It may be a temporary problem.</p>
          <button type="button" onClick={retry} style={{ padding: "0.5rem 1rem", borderRadius: 8, cursor: "pointer" }}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
