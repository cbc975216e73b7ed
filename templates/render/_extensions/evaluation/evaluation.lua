--[[
evaluation.lua: the report's own elements, for real Quarto and the embedded renderer alike.
Quarto runs it before it reads the document (`at: pre-ast` in _extension.yml), so the
callouts written here are ours in both renderers, never Quarto's.

  callouts     ::: {.callout-note} (tip, important, warning, caution), titled by a first
               "## Title", a title="..." attribute or the kind -> a titled box
               (HTML div.report-callout, Typst #report-callout)
  big numbers  ::: {.big-number} holding [702]{.figure}, a statement, and optionally
               [90% of target]{.of-target}, a RAG badge and further paragraphs (a takeaway)
               -> a card (Typst #big-number)
  key findings :::: {.key-findings} around big numbers -> a grid of cards: a list for
               screen readers (HTML), two across (Typst #key-findings of #key-finding)
  RAG badges   [GREEN]{.rag .rag-green} (amber, red) -> the word on a coloured badge
               (HTML keeps the span for report.css; Typst #rag-badge)
  landmarks    HTML: the body is wrapped in <main>, beside the title banner and contents

Typst functions named here are defined in typst-template.typ.
]]

local is_typst = FORMAT:match("typst") ~= nil
local is_html = FORMAT:match("html") ~= nil

local CALLOUT_TITLES = {
  note = "Note", tip = "Tip", important = "Important", warning = "Warning", caution = "Caution",
}
local RAG = { ["rag-green"] = "green", ["rag-amber"] = "amber", ["rag-red"] = "red" }

--- Typst markup for a list of inlines (pandoc escapes Typst's special characters).
local function typst_inlines(inlines)
  local text = pandoc.write(pandoc.Pandoc({ pandoc.Plain(inlines) }), "typst")
  return (text:gsub("%s+$", ""))
end

--- A Typst string literal.
local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function raw(text) return pandoc.RawInline("typst", text) end

------------------------------------------------------------------------------------------
-- Callouts
------------------------------------------------------------------------------------------

local function callout_kind(div)
  for _, class in ipairs(div.classes) do
    local kind = class:match("^callout%-(%a+)$")
    if kind and CALLOUT_TITLES[kind] then return kind end
  end
  if div.classes:includes("callout") then return "note" end
  return nil
end

local function callout(div)
  local kind = callout_kind(div)
  if not kind then return nil end
  local body = div.content
  local title
  -- As Quarto: the title comes from title="...", else a first heading, else the kind.
  if div.attributes.title then
    title = pandoc.Inlines(div.attributes.title)
  elseif #body > 0 and body[1].t == "Header" then
    title = body[1].content
    body = pandoc.Blocks({ table.unpack(body, 2) })
  else
    title = pandoc.Inlines(CALLOUT_TITLES[kind])
  end

  if is_typst then
    local head = pandoc.Inlines({ raw("#report-callout(kind: " .. typst_string(kind) .. ", title: [") })
    head:extend(title)
    head:insert(raw("])["))
    local blocks = pandoc.Blocks({ pandoc.Plain(head) })
    blocks:extend(body)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  -- The title is a paragraph, not a heading: it must not enter the contents or break the
  -- heading outline. role=note marks the box as an aside for screen readers.
  return pandoc.Div({
    pandoc.Div(pandoc.Plain(title), pandoc.Attr("", { "report-callout-title" })),
    pandoc.Div(body, pandoc.Attr("", { "report-callout-body" })),
  }, pandoc.Attr(div.identifier, { "report-callout", "report-callout-" .. kind }, { role = "note" }))
end

------------------------------------------------------------------------------------------
-- Big numbers and the key-findings grid
------------------------------------------------------------------------------------------

local function is_rag(inline) return inline.t == "Span" and inline.classes:includes("rag") end

--- The parts of a big number's paragraph: figure, statement, % of target, badge.
local function big_number_parts(div)
  local parts = { figure = nil, target = nil, rag = nil, statement = pandoc.Inlines({}) }
  local first = div.content[1]
  if not first or (first.t ~= "Para" and first.t ~= "Plain") then return nil end
  for _, inline in ipairs(first.content) do
    if inline.t == "Span" and inline.classes:includes("figure") and not parts.figure then
      parts.figure = inline.content
    elseif inline.t == "Span" and inline.classes:includes("of-target") then
      parts.target = inline.content
    elseif is_rag(inline) then
      parts.rag = inline
    else
      parts.statement:insert(inline)
    end
  end
  -- Spaces left at either end where a part was taken out.
  while #parts.statement > 0 and parts.statement[1].t == "Space" do parts.statement:remove(1) end
  while #parts.statement > 0 and parts.statement[#parts.statement].t == "Space" do parts.statement:remove() end
  return parts
end

--- #big-number(...) on its own, #key-finding(...) as a cell of the key-findings grid:
--- figure, statement, target and rag as content arguments, and any paragraphs after the
--- first (a takeaway) as `note`, so they stay inside the card.
local function typst_big_number(div, function_name)
  local parts = big_number_parts(div)
  if not parts then return nil end
  -- Every piece of text stays in the document, so later filters and the writer escape it;
  -- only the function call around it is raw Typst.
  local inlines = pandoc.Inlines({ raw("#" .. function_name .. "(figure: [") })
  inlines:extend(parts.figure or {})
  inlines:insert(raw("], statement: ["))
  inlines:extend(parts.statement)
  if parts.target then
    inlines:insert(raw("], target: ["))
    inlines:extend(parts.target)
  end
  if parts.rag then
    inlines:insert(raw("], rag: ["))
    inlines:insert(parts.rag)
  end
  local rest = pandoc.Blocks({ table.unpack(div.content, 2) })
  if #rest == 0 then
    inlines:insert(raw("])"))
    return pandoc.Blocks({ pandoc.Plain(inlines) })
  end
  inlines:insert(raw("], note: ["))
  local blocks = pandoc.Blocks({ pandoc.Plain(inlines) })
  blocks:extend(rest)
  blocks:insert(pandoc.RawBlock("typst", "])"))
  return blocks
end

--- HTML: the same parts as spans (the statement in one), which report.css lays out.
local function html_big_number(div)
  local parts = big_number_parts(div)
  if not parts then return nil end
  local inlines = pandoc.Inlines({ pandoc.Span(parts.figure or {}, pandoc.Attr("", { "figure" })), pandoc.Space(),
    pandoc.Span(parts.statement, pandoc.Attr("", { "statement" })) })
  if parts.target then
    inlines:extend({ pandoc.Space(), pandoc.Span(parts.target, pandoc.Attr("", { "of-target" })) })
  end
  if parts.rag then inlines:extend({ pandoc.Space(), parts.rag }) end
  div.content[1] = pandoc.Para(inlines)
  return div
end

local function big_number(div)
  if not div.classes:includes("big-number") then return nil end
  if is_typst then return typst_big_number(div, "big-number") end
  if is_html then return html_big_number(div) end
  return nil
end

local function key_findings(div)
  if not div.classes:includes("key-findings") then return nil end
  local cards = pandoc.Blocks({})
  for _, block in ipairs(div.content) do
    if block.t == "Div" and block.classes:includes("big-number") then cards:insert(block) end
  end
  if is_typst then
    -- #key-findings([card], [card], ...): one content argument per card.
    local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", "#key-findings(") })
    for _, card in ipairs(cards) do
      blocks:insert(pandoc.RawBlock("typst", "["))
      blocks:extend(typst_big_number(card, "key-finding") or card.content)
      blocks:insert(pandoc.RawBlock("typst", "],"))
    end
    blocks:insert(pandoc.RawBlock("typst", ")"))
    return blocks
  end
  if is_html then
    -- A grid of cards is a list to a screen reader: "list, 8 items".
    for _, card in ipairs(cards) do card.attributes.role = "listitem" end
    div.content = cards
    div.attributes.role = "list"
    return div
  end
  return nil
end

------------------------------------------------------------------------------------------
-- RAG badges
------------------------------------------------------------------------------------------

local function rag_badge(span)
  if not (is_typst and is_rag(span)) then return nil end
  local status = "grey"
  for _, class in ipairs(span.classes) do status = RAG[class] or status end
  return { raw("#rag-badge(" .. typst_string(status) .. ")["), span, raw("]") }
end

------------------------------------------------------------------------------------------
-- Landmarks (HTML)
------------------------------------------------------------------------------------------

local function main_landmark(doc)
  if not is_html then return nil end
  doc.blocks:insert(1, pandoc.RawBlock("html", '<main id="content">'))
  doc.blocks:insert(pandoc.RawBlock("html", "</main>"))
  return doc
end

return {
  { Div = callout },
  -- The grid first: it lays out its own cards; a big number on its own is a card too.
  { Div = key_findings },
  { Div = big_number },
  { Span = rag_badge },
  { Pandoc = main_landmark },
}
