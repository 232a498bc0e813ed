import type { VNode } from 'preact';

/** Plain text's lines as typed, a line break between them (never markup): the inside of a paragraph. */
export function TextLines(props: { text: string }): VNode {
  return (
    <>
      {props.text.split('\n').map((line, i) => (
        <>
          {i > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </>
  );
}
