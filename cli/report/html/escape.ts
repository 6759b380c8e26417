/** Text and attribute values in the HTML page: control characters made visible (terminal-text.ts), markup characters escaped. */
import { escapeControls } from "../../terminal-text";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
    return escapeControls(text, false).replace(/[&<>"']/g, (character) => ENTITIES[character]);
}
