/* 产业链图谱: draws a chain as an ECharts tree coloured by node status, opens a node's
 * drill-down in the side panel and exports the drawing as PNG. */
(function () {
  "use strict";

  const script = document.getElementById("chains-script");
  const embedded = document.getElementById("chain-data");
  const box = document.getElementById("chain-map");
  if (!script || !embedded || !box || !window.echarts) {
    return;
  }
  const data = JSON.parse(embedded.textContent);
  const FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  const animate = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const chart = echarts.init(box, null, { renderer: "canvas" });

  function tooltip(params) {
    const d = params.data;
    if (!d.status) {
      return params.name;
    }
    return `${d.name}：${d.statusLabel}${d.overridden ? "（人工认定）" : ""}<br>` +
      `在新企业 ${d.firms} 家 · 目标企业 ${d.targets} 家 · 创新机构 ${d.institutions} 个`;
  }

  // The title and legend are drawn in the chart so that the exported PNG explains itself.
  const legend = ["strong", "weak", "gap"].map((s) => `{${s}|●} ${data.labels[s]}`).join("   ");
  const rich = {};
  Object.entries(data.colors).forEach(([status, color]) => {
    rich[status] = { color: color, fontSize: 16 };
  });

  chart.setOption({
    animation: animate,
    textStyle: { fontFamily: FONT },
    title: {
      text: `${data.name}图谱`,
      subtext: legend,
      left: 10,
      top: 4,
      textStyle: { fontSize: 15, fontFamily: FONT },
      subtextStyle: { rich: rich, color: "#495057", fontFamily: FONT },
    },
    tooltip: { trigger: "item", formatter: tooltip },
    series: [{
      type: "tree",
      data: [data],
      orient: "LR",
      top: 70, bottom: 20, left: 90, right: 160,
      symbol: "circle",
      symbolSize: 16,
      initialTreeDepth: -1,
      expandAndCollapse: false,
      label: { position: "left", verticalAlign: "middle", align: "right", fontSize: 13 },
      leaves: { label: { position: "right", align: "left" } },
      lineStyle: { color: "#adb5bd", width: 1.5 },
    }],
  });
  window.addEventListener("resize", () => chart.resize());

  const panel = document.getElementById("node-panel");
  const region = script.dataset.region;

  function openNode(id) {
    let url = script.dataset.nodeUrl.replace("/0/", `/${id}/`);
    if (region) {
      url += `?region=${region}`;
    }
    htmx.ajax("GET", url, { target: panel, swap: "innerHTML" });
  }

  chart.on("click", (params) => {
    if (params.data && params.data.id) {
      openNode(params.data.id);
    }
  });
  if (script.dataset.selected) {
    openNode(script.dataset.selected);
  }

  document.getElementById("export-png").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
    link.download = script.dataset.filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  box.dataset.ready = "1";
})();
