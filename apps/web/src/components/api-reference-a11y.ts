/**
 * What Swagger UI renders without an accessible name or in the wrong place in
 * the outline, put right after each render. Its plugin API can swap whole
 * components but not add an attribute to one, and these few attributes are
 * all that is missing (docs/decisions/042). Only attributes React does not
 * manage are set, so its next render keeps them.
 */
export function nameUnnamedControls(root: ParentNode): void {
  // The server picker's <label> wraps the <select> but holds no text: the "Servers" title beside it is a <span>.
  for (const select of root.querySelectorAll("select#servers:not([aria-label])")) {
    select.setAttribute("aria-label", "Server");
  }
  // The document's title is an <h1>, but the page has its own: this one sits below it, above the tags' <h3>.
  for (const title of root.querySelectorAll(".info h1.title:not([aria-level])")) {
    title.setAttribute("aria-level", "2");
  }
  // The request body's editor has a "Request body" heading beside it but no label of its own.
  for (const editor of root.querySelectorAll("textarea.body-param__text:not([aria-label])")) {
    editor.setAttribute("aria-label", "Request body");
  }
  // Swagger lists the operations in a <main> of its own, inside the layout's: a page has one main landmark.
  for (const operations of root.querySelectorAll("main#operations:not([role])")) {
    operations.setAttribute("role", "region");
    operations.setAttribute("aria-label", "Operations");
  }
  // Examples and answers scroll past 400px: a keyboard can scroll only what it can focus.
  for (const code of root.querySelectorAll(".highlight-code > .microlight:not([tabindex])")) {
    code.setAttribute("tabindex", "0");
  }
}
