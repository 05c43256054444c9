"use client";
// The selected node or group, whose details the panel shows: Enter on a focused node selects it,
// Escape closes the panel, and closing it gives the focus back to the node it was about, so
// keyboard users keep their place.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";

export function useSelection(canvasRef: RefObject<HTMLDivElement | null>) {
  const [selected, setSelected] = useState<string>();
  const returnFocusTo = useRef<string | undefined>(undefined);
  const close = useCallback(() => {
    returnFocusTo.current = selected;
    setSelected(undefined);
  }, [selected]);

  useEffect(() => {
    const id = returnFocusTo.current;
    if (selected || !id) return;
    returnFocusTo.current = undefined;
    const focusNode = () =>
      canvasRef.current
        ?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`)
        ?.focus({ preventScroll: true });
    // Note: closing the panel widens the canvas and React Flow re-renders on the resize; focusing
    // in the same commit sometimes lost the focus to the page. Focus after the next frame, and once
    // more if the resize took it away.
    const frame = requestAnimationFrame(focusNode);
    const timer = setTimeout(() => {
      if (document.activeElement === document.body || document.activeElement === null) focusNode();
    }, 150);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [selected, canvasRef]);

  useEffect(() => {
    if (!selected) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape") close();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected, close]);

  const onCanvasKeyDown = useCallback((e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "Enter") return;
    const el = (e.target as HTMLElement).closest<HTMLElement>(".react-flow__node");
    const id = el?.dataset.id;
    if (id && el.getAttribute("role") === "button") {
      e.preventDefault();
      setSelected(id);
    }
  }, []);

  return { selected, select: setSelected, close, onCanvasKeyDown };
}
