// The border and fill of each kind of node, shared by the nodes and the legend that explains them.
export const KIND_STYLE = {
  host: "border-sky-400 bg-sky-50",
  client: "border-violet-400 bg-violet-50",
  "gateway-product": "border-indigo-600 bg-indigo-50",
  "gateway-shared": "border-dashed border-slate-700 bg-slate-200",
  service: "border-emerald-500 bg-white",
} as const;
