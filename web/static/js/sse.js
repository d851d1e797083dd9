// Server-Sent Events from a fetch() response: EventSource cannot send a POST body, so we parse the
// stream ourselves (https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream).

function parseBlock(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue; // comments are keep-alive pings
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { event, data: data.join("\n") } : null;
}

/** Yield {event, data} for every event in the body of `response`, as the bytes arrive. */
export async function* sseEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    // A trailing "\r" may be the first half of "\r\n": keep it until the next chunk.
    const cut = !done && buffer.endsWith("\r") ? buffer.length - 1 : buffer.length;
    const blocks = buffer.slice(0, cut).replace(/\r\n?/g, "\n").split("\n\n");
    buffer = blocks.pop() + buffer.slice(cut);
    for (const block of blocks) {
      const event = parseBlock(block);
      if (event) yield event;
    }
    if (done) {
      const last = parseBlock(buffer.replace(/\r\n?/g, "\n"));
      if (last) yield last;
      return;
    }
  }
}
